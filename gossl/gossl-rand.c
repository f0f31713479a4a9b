/* gossl-rand.c: OpenSSL's random number generator
 *
 * pyOpenSSL's `OpenSSL.rand` module. OpenSSL 3 seeds itself from the
 * operating system, so add(), seed() and load_file() only mix extra data in;
 * they are kept because pyOpenSSL programs call them.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gossl-private.h"

#include <errno.h>

#include <openssl/rand.h>

/* RAND_add() takes an int length: feed larger buffers in slices, sharing the
 * entropy estimate out in proportion. */
static void
rand_add_chunked (const guint8 *data, gsize len, double entropy)
{
  while (len > 0)
    {
      gsize n = MIN (len, (gsize) G_MAXINT / 2);
      double share = len > 0 ? entropy * ((double) n / (double) len) : 0;

      RAND_add (data, (int) n, share);
      entropy -= share;
      data += n;
      len -= n;
    }
}

/**
 * gossl_rand_add:
 * @data: (array length=len) (element-type guint8): bytes to mix in
 * @len: the length of @data
 * @entropy: a lower bound of the randomness in @data, in bytes
 *
 * Mixes @data into the generator's state.
 *
 * Since: 0.1
 */
void
gossl_rand_add (const guint8 *data,
                gsize         len,
                double        entropy)
{
  g_return_if_fail (data != NULL || len == 0);

  gossl_ensure_initialized ();
  if (entropy < 0)
    entropy = 0;
  if ((double) len < entropy)
    entropy = (double) len;
  rand_add_chunked (data, len, entropy);
}

/**
 * gossl_rand_seed:
 * @data: (array length=len) (element-type guint8): bytes to mix in
 * @len: the length of @data
 *
 * Mixes @data into the generator's state counting every byte as random:
 * [func@Gossl.rand_add] with @len as the entropy.
 *
 * Since: 0.1
 */
void
gossl_rand_seed (const guint8 *data,
                 gsize         len)
{
  g_return_if_fail (data != NULL || len == 0);

  gossl_ensure_initialized ();
  rand_add_chunked (data, len, (double) len);
}

/**
 * gossl_rand_status:
 *
 * Whether the generator has been seeded with enough data. OpenSSL 3 seeds
 * itself from the operating system, so this is %TRUE unless that source
 * failed.
 *
 * Returns: %TRUE when the generator is seeded
 *
 * Since: 0.1
 */
gboolean
gossl_rand_status (void)
{
  gossl_ensure_initialized ();
  return RAND_status () == 1;
}

#define SEED_FILE "the seed file"

/**
 * gossl_rand_load_file:
 * @path: (type filename): the file to read
 * @max_bytes: how many bytes to read at most; -1 (or any negative number)
 *   reads the whole file
 * @error: return location for a [struct@GLib.Error]
 *
 * Mixes the contents of @path into the generator's state. A file that cannot
 * be read (missing, not permitted, a directory) fails with
 * %GOSSL_CRYPTO_ERROR_IO, as a file does in every gossl function that takes
 * one: the message names the file and gives the system's reason ("No such
 * file or directory"), and the errno is in [func@Gossl.error_get_errno].
 *
 * Returns: the number of bytes read, or -1 with @error set
 *
 * Since: 0.1
 */
gint
gossl_rand_load_file (const char  *path,
                      glong        max_bytes,
                      GError     **error)
{
  int ret;

  g_return_val_if_fail (path != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  gossl_ensure_initialized ();
  /* OpenSSL opens a directory without complaint and reads nothing. */
  if (!gossl_file_check (path, GOSSL_FILE_READ, GOSSL_CRYPTO_ERROR, SEED_FILE, error))
    return -1;
  /* For OpenSSL 0 means "everything" and below -1 is an error; the manual
   * reads "bytes bytes, or all of it if negative". */
  if (max_bytes == 0)
    return 0;
  if (max_bytes < 0)
    max_bytes = -1;

  ERR_clear_error ();
  errno = 0;
  ret = RAND_load_file (path, max_bytes);
  if (ret < 0)
    {
      gossl_file_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_FILE_READ, errno, SEED_FILE, path);
      return -1;
    }
  return ret;
}

/**
 * gossl_rand_write_file:
 * @path: (type filename): the file to write
 * @error: return location for a [struct@GLib.Error]
 *
 * Writes 1024 random bytes to @path (made with mode 0600 when new), for a
 * later [func@Gossl.rand_load_file]. A file that cannot be written (its directory
 * missing, not permitted, a directory) fails with %GOSSL_CRYPTO_ERROR_IO:
 * the message names the file and gives the system's reason, and the errno is
 * in [func@Gossl.error_get_errno]. OpenSSL also refuses to write to anything but
 * a regular file (a device, a FIFO): that is %GOSSL_CRYPTO_ERROR_IO with
 * OpenSSL's reason and errno 0.
 *
 * Returns: the number of bytes written, or -1 with @error set
 *
 * Since: 0.1
 */
gint
gossl_rand_write_file (const char  *path,
                       GError     **error)
{
  int ret;

  g_return_val_if_fail (path != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  gossl_ensure_initialized ();
  if (!gossl_file_check (path, GOSSL_FILE_WRITE, GOSSL_CRYPTO_ERROR, SEED_FILE, error))
    return -1;
  ERR_clear_error ();
  errno = 0;
  ret = RAND_write_file (path);
  if (ret < 0)
    {
      gossl_file_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_FILE_WRITE, errno, SEED_FILE, path);
      return -1;
    }
  return ret;
}

/**
 * gossl_rand_egd:
 * @path: (type filename): the socket of an Entropy Gathering Daemon
 * @bytes: how many bytes to ask for
 * @error: return location for a [struct@GLib.Error]
 *
 * Would mix @bytes bytes from the Entropy Gathering Daemon at @path into the
 * generator's state. OpenSSL 3 has no EGD support: this always fails with
 * %GOSSL_CRYPTO_ERROR_NOT_SUPPORTED, without touching @path.
 *
 * Returns: -1, with @error set
 *
 * Since: 0.1
 */
gint
gossl_rand_egd (const char  *path,
                gint         bytes,
                GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_NOT_SUPPORTED,
                   "OpenSSL 3 has no EGD support");
  return -1;
}

/**
 * gossl_rand_bytes:
 * @n_bytes: how many bytes to make
 * @error: return location for a [struct@GLib.Error]
 *
 * @n_bytes cryptographically strong random bytes (`RAND_bytes()`).
 *
 * Returns: (transfer full): the bytes, or %NULL with @error set
 *
 * Since: 0.1
 */
GByteArray *
gossl_rand_bytes (gsize     n_bytes,
                  GError  **error)
{
  g_autoptr(GByteArray) array = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_bytes > G_MAXINT)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "Too many random bytes asked for: %" G_GSIZE_FORMAT, n_bytes);
      return NULL;
    }
  gossl_ensure_initialized ();
  array = g_byte_array_sized_new ((guint) n_bytes);
  g_byte_array_set_size (array, (guint) n_bytes);
  ERR_clear_error ();
  if (n_bytes > 0 && RAND_bytes (array->data, (int) n_bytes) != 1)
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not make random bytes");
      return NULL;
    }
  return g_steal_pointer (&array);
}
