/* gossl-error.c: error domains and the OpenSSL error queue behind them
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "gossl-private.h"

/**
 * gossl_crypto_error_quark:
 *
 * The quark of %GOSSL_CRYPTO_ERROR.
 *
 * Returns: the error domain
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (gossl-crypto-error-quark, gossl_crypto_error)

/**
 * gossl_ssl_error_quark:
 *
 * The quark of %GOSSL_SSL_ERROR.
 *
 * Returns: the error domain
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (gossl-ssl-error-quark, gossl_ssl_error)

/* The queue is per thread, like OpenSSL's own: a caller reads it right after
 * the call that failed, on the same thread (the Python layer does so before
 * any other gossl call). */
static GPrivate last_errors = G_PRIVATE_INIT ((GDestroyNotify) g_variant_unref);
static GPrivate last_errno; /* errno + 1 stored as a pointer; 0 means unset */

static void
record_errors (GVariant *errors)
{
  g_private_replace (&last_errors, g_variant_ref_sink (errors));
}

void
gossl_error_record_errno (int errnum)
{
  g_private_set (&last_errno, GINT_TO_POINTER (errnum + 2));
}

/**
 * gossl_error_get_openssl_errors:
 *
 * The OpenSSL error queue behind the last [struct@GLib.Error] that gossl set on this
 * thread, as a list of `(library, function, reason)` string triples. Read it
 * right after the failing call, on the same thread. An entry whose part
 * OpenSSL does not know has an empty string there.
 *
 * Returns: (transfer full): a [struct@GLib.Variant] of type `a(sss)`, empty when the
 *   last error did not come from OpenSSL's queue
 *
 * Since: 0.1
 */
GVariant *
gossl_error_get_openssl_errors (void)
{
  GVariant *errors = g_private_get (&last_errors);

  if (errors == NULL)
    return g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE ("(sss)"), NULL, 0));
  return g_variant_ref (errors);
}

/**
 * gossl_error_get_errno:
 *
 * The system error number behind the last %GOSSL_SSL_ERROR_SYSCALL,
 * %GOSSL_SSL_ERROR_IO or %GOSSL_CRYPTO_ERROR_IO error set on this thread:
 * an `errno` value; -1 after %GOSSL_SSL_ERROR_EOF, when the peer closed the
 * transport in violation of the protocol ("Unexpected EOF"); or 0 when none
 * was recorded. Errors with other codes leave it as it was.
 *
 * Returns: the error number
 *
 * Since: 0.1
 */
int
gossl_error_get_errno (void)
{
  gpointer value = g_private_get (&last_errno);

  return value == NULL ? 0 : GPOINTER_TO_INT (value) - 2;
}

static GVariant *
drain_openssl_queue (GString *message)
{
  GVariantBuilder builder;
  unsigned long code;
  const char *func = NULL, *data = NULL;
  int flags = 0;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sss)"));
  while ((code = ERR_get_error_all (NULL, NULL, &func, &data, &flags)) != 0)
    {
      const char *lib = ERR_lib_error_string (code);
      const char *reason = ERR_reason_error_string (code);
      g_autofree char *reason_text = NULL;

      if (reason == NULL)
        reason_text = g_strdup_printf ("reason(%d)", ERR_GET_REASON (code));
      else if ((flags & ERR_TXT_STRING) && data != NULL && *data != '\0')
        reason_text = g_strdup_printf ("%s (%s)", reason, data);
      else
        reason_text = g_strdup (reason);

      /* The list holds the bare reason, as pyOpenSSL's does; the message
       * gets the detail text too, once per distinct entry. */
      g_variant_builder_add (&builder, "(sss)",
                             lib ? lib : "", func ? func : "",
                             reason ? reason : reason_text);
      if (message != NULL && strstr (message->str, reason_text) == NULL)
        g_string_append_printf (message, "%s%s", message->len ? ": " : "", reason_text);
    }
  return g_variant_builder_end (&builder);
}

void
gossl_set_error_from_openssl (GError    **error,
                              GQuark      domain,
                              int         code,
                              const char *format,
                              ...)
{
  g_autoptr(GString) message = g_string_new (NULL);
  va_list args;

  va_start (args, format);
  g_string_vprintf (message, format, args);
  va_end (args);

  /* The reasons follow the context, but not those it says already. */
  record_errors (drain_openssl_queue (message));

  g_set_error_literal (error, domain, code, message->str);
}

void
gossl_set_error (GError    **error,
                 GQuark      domain,
                 int         code,
                 const char *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* Whatever OpenSSL queued does not belong to this error. */
  ERR_clear_error ();
  record_errors (g_variant_new_array (G_VARIANT_TYPE ("(sss)"), NULL, 0));
  g_set_error_literal (error, domain, code, message);
}

gboolean
gossl_check_filetype (int type, GError **error)
{
  if (type == GOSSL_FILETYPE_PEM || type == GOSSL_FILETYPE_ASN1)
    return TRUE;
  gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                   "type argument must be FILETYPE_PEM or FILETYPE_ASN1, not %d", type);
  return FALSE;
}

const EVP_MD *
gossl_lookup_digest (const char *name, GError **error)
{
  const EVP_MD *md;

  gossl_ensure_initialized ();
  md = name != NULL ? EVP_get_digestbyname (name) : NULL;
  if (md == NULL)
    gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                     "No such digest method: %s", name ? name : "(null)");
  return md;
}

BIO *
gossl_bio_new_mem_ro (const guint8 *data, gsize len)
{
  static const char empty[1] = "";

  /* BIO_new_mem_buf takes an int length; -1 would mean strlen. */
  if (len > G_MAXINT)
    return NULL;
  return BIO_new_mem_buf (data != NULL ? (const void *) data : empty, (int) len);
}

GByteArray *
gossl_bio_to_byte_array (BIO *bio)
{
  char *data = NULL;
  long len = BIO_get_mem_data (bio, &data);
  GByteArray *array = g_byte_array_sized_new (len > 0 ? (guint) len : 0);

  if (len > 0)
    g_byte_array_append (array, (const guint8 *) data, (guint) len);
  return array;
}

void
gossl_propagate_error (GError    **error,
                       GError     *src,
                       const char *format,
                       ...)
{
  g_autofree char *prefix = NULL;
  va_list args;

  va_start (args, format);
  prefix = g_strdup_vprintf (format, args);
  va_end (args);

  ERR_clear_error ();
  record_errors (g_variant_new_array (G_VARIANT_TYPE ("(sss)"), NULL, 0));
  g_propagate_prefixed_error (error, src, "%s", prefix);
}

gboolean
gossl_passphrase_ask (GosslPassphrase *pass)
{
  g_autoptr(GTlsPassword) password = NULL;
  GTlsInteractionResult result;
  const guchar *value;
  gsize len = 0;

  if (pass->data != NULL)
    return TRUE;
  if (pass->interaction == NULL || pass->asked)
    return FALSE;
  pass->asked = TRUE;

  password = g_tls_password_new (pass->flags, pass->description);
  result = g_tls_interaction_invoke_ask_password (pass->interaction, password,
                                                  pass->cancellable, &pass->error);
  /* An error is a failure whatever the result says: a vfunc in GJS or
   * Python that throws returns 0, which is UNHANDLED. */
  if (pass->error != NULL || result != G_TLS_INTERACTION_HANDLED)
    return FALSE;
  value = g_tls_password_get_value (password, &len);
  if (value == NULL || len == 0)
    return FALSE;
  pass->password = g_steal_pointer (&password);
  pass->data = value;
  pass->len = len;
  return TRUE;
}

void
gossl_passphrase_clear (GosslPassphrase *pass)
{
  g_clear_object (&pass->password);
  g_clear_error (&pass->error);
}

int
gossl_passphrase_cb (char *buf, int size, int rwflag, void *userdata)
{
  GosslPassphrase *passphrase = userdata;

  if (passphrase == NULL)
    return -1;
  passphrase->requested = TRUE;
  if (size <= 0 || !gossl_passphrase_ask (passphrase))
    return -1;
  if (passphrase->len > (gsize) size)
    return -1;
  memcpy (buf, passphrase->data, passphrase->len);
  return (int) passphrase->len;
}
