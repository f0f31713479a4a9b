/* gossl-file.c: the files that gossl's file-taking functions name
 *
 * OpenSSL's path-taking calls (SSL_CTX_use_certificate_file(),
 * RAND_load_file(), ...) report a file they cannot open as "system lib" with
 * the errno buried in the queue, and read a directory as an empty file. Every
 * function that takes a file name opens it here first, so that such a file
 * fails the same way everywhere: the IO code of the caller's domain, the file
 * and the system's reason in the message, the errno in
 * gossl_error_get_errno().
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "gossl-private.h"

#ifndef O_CLOEXEC
#define O_CLOEXEC 0
#endif
#ifndef O_NOCTTY
#define O_NOCTTY 0
#endif
#ifndef O_NONBLOCK
#define O_NONBLOCK 0
#endif

static int
io_code (GQuark domain)
{
  return domain == GOSSL_SSL_ERROR ? GOSSL_SSL_ERROR_IO : GOSSL_CRYPTO_ERROR_IO;
}

/* The errno OpenSSL queued when its own fopen() or read failed (a system
 * library entry, the first one queued), or 0. */
static int
queued_errno (void)
{
  unsigned long code = ERR_peek_error ();

  return code != 0 && ERR_SYSTEM_ERROR (code) ? ERR_GET_REASON (code) : 0;
}

void
gossl_file_set_error (GError          **error,
                      GQuark            domain,
                      GosslFileAccess   access,
                      int               errnum,
                      const char       *what,
                      const char       *path)
{
  g_autofree char *shown = g_filename_display_name (path);
  const char *verb = access == GOSSL_FILE_WRITE ? "write" : "read";

  if (errnum == 0)
    errnum = queued_errno ();
  if (errnum != 0)
    gossl_set_error (error, domain, io_code (domain), "Could not %s %s %s: %s",
                     verb, what, shown, g_strerror (errnum));
  else
    gossl_set_error_from_openssl (error, domain, io_code (domain), "Could not %s %s %s",
                                  verb, what, shown);
  /* Also when 0: an errno of an earlier failure does not explain this one. */
  gossl_error_record_errno (errnum);
}

gboolean
gossl_file_check (const char       *path,
                  GosslFileAccess   access,
                  GQuark            domain,
                  const char       *what,
                  GError          **error)
{
  GStatBuf st;
  int fd, errnum = 0;

  /* O_NONBLOCK: opening a FIFO must not wait here for its other end (the
   * OpenSSL call that follows opens it again, as it always did). Writing
   * creates the file with the mode RAND_write_file() gives it. */
  if (access == GOSSL_FILE_WRITE)
    fd = g_open (path, O_WRONLY | O_CREAT | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0600);
  else
    fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    errnum = errno;
  else
    {
      if (fstat (fd, &st) != 0)
        errnum = errno;
      else if (S_ISDIR (st.st_mode))
        errnum = EISDIR;
      g_close (fd, NULL);
    }
  if (errnum == 0)
    return TRUE;
  gossl_file_set_error (error, domain, access, errnum, what, path);
  return FALSE;
}
