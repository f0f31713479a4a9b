/* gossl-init.c: library set-up and version checks
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include <openssl/crypto.h>
#include <openssl/provider.h>

#include "gossl-private.h"

/* Kept for the life of the process: providers are never unloaded. Not static,
 * so the compiler keeps the handles and leak checkers see them as reachable. */
OSSL_PROVIDER *gossl_loaded_providers[2];

void
gossl_ensure_initialized (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      /* Loading "legacy" explicitly stops OpenSSL from loading "default"
       * implicitly, so both are loaded. Keys and PKCS#12 files written by
       * older tools (Blowfish, RC2-40, DES-era PKCS#12) need the legacy one;
       * where it is not installed those simply fail to load. */
      gossl_loaded_providers[0] = OSSL_PROVIDER_load (NULL, "default");
      gossl_loaded_providers[1] = OSSL_PROVIDER_load (NULL, "legacy");
      ERR_clear_error ();
      g_once_init_leave (&initialized, 1);
    }
}

/**
 * gossl_get_major_version:
 *
 * The major version of the gossl library in use at run time.
 *
 * Returns: the major version
 *
 * Since: 0.1
 */
guint
gossl_get_major_version (void)
{
  return GOSSL_MAJOR_VERSION;
}

/**
 * gossl_get_minor_version:
 *
 * The minor version of the gossl library in use at run time.
 *
 * Returns: the minor version
 *
 * Since: 0.1
 */
guint
gossl_get_minor_version (void)
{
  return GOSSL_MINOR_VERSION;
}

/**
 * gossl_get_micro_version:
 *
 * The micro version of the gossl library in use at run time.
 *
 * Returns: the micro version
 *
 * Since: 0.1
 */
guint
gossl_get_micro_version (void)
{
  return GOSSL_MICRO_VERSION;
}

/**
 * gossl_check_version:
 * @required_major: the major version needed
 * @required_minor: the minor version needed
 * @required_micro: the micro version needed
 *
 * Run-time check that the gossl library in use is compatible with the given
 * version: same major version, and at least the given minor and micro.
 *
 * Returns: (transfer none) (nullable): %NULL when compatible, otherwise a
 *   static string saying why not
 *
 * Since: 0.1
 */
const char *
gossl_check_version (guint required_major,
                     guint required_minor,
                     guint required_micro)
{
  if (required_major != GOSSL_MAJOR_VERSION)
    return required_major > GOSSL_MAJOR_VERSION ? "gossl version too old (major mismatch)"
                                                : "gossl version too new (major mismatch)";
  if (required_minor > GOSSL_MINOR_VERSION)
    return "gossl version too old (minor mismatch)";
  if (required_minor == GOSSL_MINOR_VERSION && required_micro > GOSSL_MICRO_VERSION)
    return "gossl version too old (micro mismatch)";
  return NULL;
}

/**
 * gossl_get_openssl_version:
 *
 * The version text of the OpenSSL library gossl runs on, such as
 * "OpenSSL 3.0.11 19 Sep 2023".
 *
 * Returns: (transfer none): the version text
 *
 * Since: 0.1
 */
const char *
gossl_get_openssl_version (void)
{
  return OpenSSL_version (OPENSSL_VERSION);
}

/**
 * gossl_get_openssl_info:
 * @what: which text
 *
 * A text about the OpenSSL library gossl runs on (`OpenSSL_version()`). An unknown @what gives "not available", as
 * OpenSSL does.
 *
 * Returns: (transfer none): the text
 *
 * Since: 0.2
 */
const char *
gossl_get_openssl_info (GosslOpensslInfo what)
{
  return OpenSSL_version ((int) what);
}

/**
 * gossl_get_openssl_version_number:
 *
 * The version number of the OpenSSL library gossl runs on, as
 * `OpenSSL_version_num()` gives it: 0xMNN00PP0 for version M.NN.PP. Programs compare it to pick code paths:
 * 0x30000000 and above is OpenSSL 3.
 *
 * Returns: the version number
 *
 * Since: 0.2
 */
guint64
gossl_get_openssl_version_number (void)
{
  return OpenSSL_version_num ();
}
