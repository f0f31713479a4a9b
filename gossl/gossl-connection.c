/* gossl-connection.c: a TLS connection (SSL) over a borrowed socket
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gossl-tls-private.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

/**
 * GosslConnection:
 *
 * A TLS connection over a socket.
 *
 * The connection borrows the socket's file descriptor: it reads and writes
 * it but never closes it, and the caller keeps it open as long as the
 * connection uses it. The socket may be blocking or not; on a non-blocking
 * socket the I/O calls fail with %GOSSL_SSL_ERROR_WANT_READ or
 * %GOSSL_SSL_ERROR_WANT_WRITE when they would block, and are then called
 * again with the same arguments once the socket is ready. Writing to a peer
 * that has gone fails with %GOSSL_SSL_ERROR_SYSCALL (`EPIPE`): the process
 * gets no `SIGPIPE`.
 *
 * The errors of the I/O calls are OpenSSL's (`SSL_get_error()`):
 * %GOSSL_SSL_ERROR_ZERO_RETURN, the WANT codes, %GOSSL_SSL_ERROR_SYSCALL
 * (with [func@Gossl.error_get_errno]: an `errno`) and %GOSSL_SSL_ERROR_FAILED
 * (with [func@Gossl.error_get_openssl_errors]), and GIO's [error@Gio.TlsError] cases:
 * %GOSSL_SSL_ERROR_EOF for a peer that closed the transport without a TLS
 * close_notify, and in the handshake %GOSSL_SSL_ERROR_BAD_CERTIFICATE (the
 * peer's certificate was refused:
 * [method@Gossl.Connection.get_peer_certificate_errors] tells why),
 * %GOSSL_SSL_ERROR_CERTIFICATE_REQUIRED, %GOSSL_SSL_ERROR_NOT_TLS and
 * %GOSSL_SSL_ERROR_HANDSHAKE.
 *
 * A client verifies the server by default (see [class@Gossl.Context]). When a
 * handshake completes, the properties that describe its outcome
 * ([property@Gossl.Connection:peer-certificate], [property@Gossl.Connection:peer-certificate-errors],
 * [property@Gossl.Connection:protocol-version], [property@Gossl.Connection:ciphersuite-name],
 * [property@Gossl.Connection:negotiated-protocol]) are notified, once, by the call
 * that ran it (after OpenSSL returned) and on its thread.
 *
 * Blocking calls hold no lock of gossl's, so other threads go on while one
 * waits. One connection must not be used by two threads at the same time.
 *
 * The signals of its context ([signal@Gossl.Context::verify], [signal@Gossl.Context::info],
 * [signal@Gossl.Context::servername], [signal@Gossl.Context::alpn-select]) are emitted from
 * inside the connection's own I/O calls. Their handlers may read the
 * connection (its peer's certificate, server name, state) but not do I/O
 * on it or change it (handshake, send, receive, shutdown, transport,
 * session, names, role): such a call fails at once with
 * %GOSSL_SSL_ERROR_FAILED, and the call that emitted the signal goes on.
 * The one exception is [method@Gossl.Connection.set_context] from a
 * [signal@Gossl.Context::servername] handler, what that signal is for.
 *
 * A connection made with [ctor@Gossl.Connection.new_memory] has no socket: its
 * TLS records are handed over with [method@Gossl.Connection.bio_write] and
 * [method@Gossl.Connection.bio_read], so that any transport can carry them
 * ([class@Gossl.TlsStream] carries them over a [class@Gio.IOStream]).
 *
 * A connection is a [iface@Gio.Initable]: make it with [ctor@Gossl.Connection.new],
 * [ctor@Gossl.Connection.new_memory] or g_initable_new() (with
 * [property@Gossl.Connection:context]). One made by [ctor@GObject.Object.new] and never
 * initialized fails every call (with %G_IO_ERROR_NOT_INITIALIZED where the
 * call takes a [struct@GLib.Error]).
 *
 * Code ported from pyOpenSSL finds the counterpart of each of its
 * `Connection` methods in the [migration table](migration.html).
 *
 * Since: 0.1
 */
struct _GosslConnection
{
  GObject parent_instance;

  GosslContext *context;
  SSL          *ssl;
  int           fd;   /* borrowed; -1 for none */
  BIO          *bio;  /* owned by ssl; NULL when fd is -1 */

  /* The memory transport (gossl_connection_new_memory()): what OpenSSL
   * reads, fed by bio_write(), and what it writes, drained by bio_read().
   * Owned by ssl; NULL for a socket connection. */
  BIO          *into_ssl;
  BIO          *from_ssl;

  /* The last verification of the peer's chain: what was wrong with it, the
   * first problem left for the end to fail it with, and whether one is in
   * progress (gossl_connection_begin_verify()). */
  GTlsCertificateFlags peer_errors;
  int                  deferred_error;
  gboolean             verifying;

  /* A handshake completed inside the running I/O call: notify once it
   * returns. */
  gboolean      handshake_pending;
  guint         handshakes;
  char         *negotiated_protocol;  /* cache behind get_negotiated_protocol() */
  GSocketAddress *peer_address;       /* set for memory connections; may be NULL */

  /* Set while one of the connection's own OpenSSL calls runs, and which
   * signal's handlers that call is emitting: see
   * gossl_connection_check_idle(). */
  gboolean      in_openssl;
  GosslHandler  handler;

  /* gossl_connection_set_verify() was called: the role sets no default. */
  gboolean      verify_explicit;

  /* A GosslTlsStream moves the records: gossl_connection_set_stream_transport(). */
  gboolean      stream_transport;
};

static void gossl_connection_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GosslConnection, gossl_connection, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      gossl_connection_initable_iface_init))

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_PEER_CERTIFICATE,
  PROP_PEER_CERTIFICATE_ERRORS,
  PROP_PROTOCOL_VERSION,
  PROP_CIPHERSUITE_NAME,
  PROP_NEGOTIATED_PROTOCOL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_VERIFY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* SSL ex_data slot holding the GosslConnection (borrowed: the SSL dies with
 * it). Made once in class_init. */
static int connection_ex_index = -1;

/* --- A BIO over a borrowed socket ---------------------------------------
 *
 * OpenSSL's socket BIO writes with write(2), so a peer that has gone kills
 * the process with SIGPIPE, and it leaves errno for the caller to find after
 * OpenSSL may have changed it. This one sends with MSG_NOSIGNAL and keeps
 * the errno of a failed transfer for the error mapping. It never closes the
 * descriptor. Descriptors that are not sockets (pipes, files: the manual
 * allows them) fall back to read(2) and write(2). */

typedef struct {
  int      fd;
  int      last_errno; /* of the first failed transfer in this call; 0 if none */
  gboolean eof;        /* the peer closed the transport */
} SocketBio;

static int
socket_bio_create (BIO *bio)
{
  SocketBio *data = g_new0 (SocketBio, 1);

  data->fd = -1;
  BIO_set_data (bio, data);
  BIO_set_init (bio, 1);
  return 1;
}

static int
socket_bio_destroy (BIO *bio)
{
  g_free (BIO_get_data (bio));
  BIO_set_data (bio, NULL);
  BIO_set_init (bio, 0);
  return 1;
}

static gboolean
errno_is_retry (int errnum)
{
  return errnum == EAGAIN || errnum == EWOULDBLOCK || errnum == EINTR;
}

static int
socket_bio_write (BIO *bio, const char *buf, int len)
{
  SocketBio *data = BIO_get_data (bio);
  ssize_t n;
  int errnum;

  BIO_clear_retry_flags (bio);
  if (len <= 0)
    return 0;
  n = send (data->fd, buf, (size_t) len, MSG_NOSIGNAL);
  if (n < 0 && errno == ENOTSOCK)
    n = write (data->fd, buf, (size_t) len);
  if (n >= 0)
    return (int) n;

  errnum = errno;
  if (errno_is_retry (errnum))
    BIO_set_retry_write (bio);
  else if (data->last_errno == 0)
    data->last_errno = errnum; /* the first failure is the cause */
  errno = errnum;
  return -1;
}

static int
socket_bio_read (BIO *bio, char *buf, int len)
{
  SocketBio *data = BIO_get_data (bio);
  ssize_t n;
  int errnum;

  BIO_clear_retry_flags (bio);
  if (len <= 0)
    return 0;
  n = recv (data->fd, buf, (size_t) len, 0);
  if (n < 0 && errno == ENOTSOCK)
    n = read (data->fd, buf, (size_t) len);
  if (n > 0)
    return (int) n;
  if (n == 0)
    {
      data->eof = TRUE;
      return 0;
    }

  errnum = errno;
  if (errno_is_retry (errnum))
    BIO_set_retry_read (bio);
  else if (data->last_errno == 0)
    data->last_errno = errnum;
  errno = errnum;
  return -1;
}

static int
socket_bio_puts (BIO *bio, const char *str)
{
  return socket_bio_write (bio, str, (int) strlen (str));
}

static long
socket_bio_ctrl (BIO *bio, int cmd, long num, void *ptr)
{
  SocketBio *data = BIO_get_data (bio);

  switch (cmd)
    {
    case BIO_CTRL_EOF:
      /* OpenSSL 3 asks this to tell an unexpected EOF from other failures. */
      return data->eof ? 1 : 0;
    case BIO_C_GET_FD:
      if (ptr != NULL)
        *(int *) ptr = data->fd;
      return data->fd;
    case BIO_CTRL_GET_CLOSE:
      return BIO_NOCLOSE;
    case BIO_CTRL_SET_CLOSE:
    case BIO_CTRL_FLUSH:
    case BIO_CTRL_DUP:
      return 1;
    default:
      return 0;
    }
}

static BIO_METHOD *
socket_bio_method (void)
{
  static gsize method;

  if (g_once_init_enter (&method))
    {
      BIO_METHOD *m = BIO_meth_new (BIO_get_new_index () | BIO_TYPE_SOURCE_SINK |
                                    BIO_TYPE_DESCRIPTOR,
                                    "gossl socket");

      BIO_meth_set_create (m, socket_bio_create);
      BIO_meth_set_destroy (m, socket_bio_destroy);
      BIO_meth_set_write (m, socket_bio_write);
      BIO_meth_set_read (m, socket_bio_read);
      BIO_meth_set_puts (m, socket_bio_puts);
      BIO_meth_set_ctrl (m, socket_bio_ctrl);
      g_once_init_leave (&method, (gsize) m);
    }
  return (BIO_METHOD *) method;
}

static BIO *
socket_bio_new (int fd)
{
  BIO *bio = BIO_new (socket_bio_method ());
  SocketBio *data;

  if (bio == NULL)
    return NULL;
  data = BIO_get_data (bio);
  data->fd = fd;
  return bio;
}

/* --- The error mapping -------------------------------------------------- */

/* Empties this thread's OpenSSL error queue before an I/O call, so that
 * what the call queues is all the error mapping sees. ERR_clear_error()
 * walks all 16 slots of the queue whether or not they are used: some 800
 * instructions, a tenth of what SSL_write_ex() itself costs for a 64-byte
 * message. The queue is almost always empty already, which
 * ERR_peek_error() tells for a fraction of that. */
static inline void
clear_error_queue (void)
{
  if (ERR_peek_error () != 0)
    ERR_clear_error ();
}

/* The check every call makes first: a connection made by g_object_new()
 * and never initialized has no SSL. */
static gboolean
connection_ready (GosslConnection *self, GError **error)
{
  if (G_LIKELY (self->ssl != NULL))
    return TRUE;
  gossl_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                   "The TLS connection was not initialized: make it with "
                   "gossl_connection_new() or g_initable_new()");
  return FALSE;
}


/* --- Re-entrance ----------------------------------------------------------
 *
 * The signals of a handshake (verify, info, servername, alpn-select) are
 * emitted from inside the connection's OpenSSL call. OpenSSL's SSL
 * functions are not re-entrant: a handler that runs the handshake again,
 * sends, or swaps the transport or the session of its own connection frees
 * or rewrites state the outer call still uses (crashes, double frees,
 * records out of order). Such calls are refused, and the outer call goes
 * on. Calls that only read the connection (the peer's certificate, the
 * server name, the state) stay allowed. */

static const char *
handler_name (GosslHandler handler)
{
  switch (handler)
    {
    case GOSSL_HANDLER_VERIFY:
      return "verify";
    case GOSSL_HANDLER_INFO:
      return "info";
    case GOSSL_HANDLER_SERVERNAME:
      return "servername";
    case GOSSL_HANDLER_ALPN_SELECT:
      return "alpn-select";
    case GOSSL_HANDLER_OCSP_STATUS_REQUEST:
      return "ocsp-status-request";
    case GOSSL_HANDLER_OCSP_STATUS_RESPONSE:
      return "ocsp-status-response";
    case GOSSL_HANDLER_KEYLOG:
      return "keylog";
    case GOSSL_HANDLER_GENERATE_COOKIE:
      return "generate-cookie";
    case GOSSL_HANDLER_VERIFY_COOKIE:
      return "verify-cookie";
    case GOSSL_HANDLER_NONE:
    default:
      return NULL;
    }
}

GosslHandler
gossl_connection_enter_handler (GosslConnection *self,
                                GosslHandler     handler)
{
  GosslHandler previous = self->handler;

  self->handler = handler;
  return previous;
}

void
gossl_connection_leave_handler (GosslConnection *self,
                                GosslHandler     previous)
{
  self->handler = previous;
}

gboolean
gossl_connection_check_idle (GosslConnection  *self,
                             const char       *call,
                             GError          **error)
{
  const char *name;

  if (G_LIKELY (!self->in_openssl))
    return TRUE;
  name = handler_name (self->handler);
  if (name != NULL)
    gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                     "Cannot call %s() from inside the connection's own %s handler",
                     call, name);
  else
    gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                     "Cannot call %s() from inside one of the connection's own OpenSSL calls",
                     call);
  return FALSE;
}

void
gossl_connection_set_stream_transport (GosslConnection *self)
{
  self->stream_transport = TRUE;
}

/* Taking what OpenSSL wrote for the peer may run from a handler of the
 * connection's signals (Twisted drains bio_read() from its info callback
 * when it aborts a handshake): OpenSSL holds no pointer into a memory BIO
 * across the callbacks it makes. Not when a GosslTlsStream moves the
 * records, which would lose them. */
static gboolean
check_transport_idle (GosslConnection  *self,
                      const char       *call,
                      GError          **error)
{
  return !self->stream_transport || gossl_connection_check_idle (self, call, error);
}

/* Called right before each SSL_* I/O call (@call names the entry point for
 * the re-entrance guard), end_io() right after it: OpenSSL would report a
 * missing transport as an unexpected EOF. */
static gboolean
begin_io (GosslConnection  *self,
          const char       *call,
          GError          **error)
{
  if (!connection_ready (self, error) || !gossl_connection_check_idle (self, call, error))
    return FALSE;
  if (self->bio == NULL)
    {
      if (self->into_ssl != NULL)
        {
          clear_error_queue ();
          self->in_openssl = TRUE;
          return TRUE;
        }
      gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                       "The connection has no socket: give one with gossl_connection_set_fd()");
      return FALSE;
    }
  ((SocketBio *) BIO_get_data (self->bio))->last_errno = 0;
  clear_error_queue ();
  self->in_openssl = TRUE;
  return TRUE;
}

static gboolean
is_unexpected_eof (unsigned long code)
{
  return code != 0 && ERR_GET_LIB (code) == ERR_LIB_SSL &&
         ERR_GET_REASON (code) == SSL_R_UNEXPECTED_EOF_WHILE_READING;
}

static gboolean
queue_holds_unexpected_eof (void)
{
  /* OpenSSL queues it first; look at the last entry too in case something
   * was queued before it in the same call. */
  return is_unexpected_eof (ERR_peek_error ()) || is_unexpected_eof (ERR_peek_last_error ());
}

/* OpenSSL says only "certificate verify failed" when it refuses the peer's
 * certificate; why (X509_V_ERR_*: "hostname mismatch", "certificate has
 * expired") is in SSL_get_verify_result(). gossl adds it to the error
 * queue as an entry of a library of its own, whose reason codes are the
 * X509_V_ERR_* values. */
#define VERIFY_REASON_MAX 127

static int
verify_error_library (void)
{
  static gsize lib;

  if (g_once_init_enter (&lib))
    {
      /* ERR_load_strings() keeps the pointers: static storage. */
      static ERR_STRING_DATA strings[VERIFY_REASON_MAX + 2];
      int l = ERR_get_next_error_library ();

      strings[0].error = ERR_PACK (l, 0, 0);
      strings[0].string = "certificate verification";
      for (int i = 1; i <= VERIFY_REASON_MAX; i++)
        {
          strings[i].error = ERR_PACK (l, 0, i);
          strings[i].string = X509_verify_cert_error_string (i);
        }
      ERR_load_strings (l, strings);
      g_once_init_leave (&lib, (gsize) l);
    }
  return (int) lib;
}

static gboolean
is_verify_failure (unsigned long code)
{
  return code != 0 && ERR_GET_LIB (code) == ERR_LIB_SSL &&
         ERR_GET_REASON (code) == SSL_R_CERTIFICATE_VERIFY_FAILED;
}

static void
queue_verify_reason (GosslConnection *self)
{
  long result = SSL_get_verify_result (self->ssl);

  if (result == X509_V_OK ||
      !(is_verify_failure (ERR_peek_error ()) || is_verify_failure (ERR_peek_last_error ())))
    return;
  /* Named after the function that found the problem, not this one. */
  ERR_new ();
  ERR_set_debug (OPENSSL_FILE, OPENSSL_LINE, "X509_verify_cert");
  if (result > 0 && result <= VERIFY_REASON_MAX)
    ERR_set_error (verify_error_library (), (int) result, NULL);
  else
    ERR_set_error (verify_error_library (), VERIFY_REASON_MAX, "%s",
                   X509_verify_cert_error_string (result));
}

/* What the error messages call the peer: the name it is checked against,
 * or the one asked for (SNI), with the port; or its address. */
static GSocketAddress *
peer_address (GosslConnection *self)
{
  struct sockaddr_storage native;
  socklen_t len = sizeof native;

  if (self->peer_address != NULL)
    return g_object_ref (self->peer_address);
  if (self->fd < 0 || getpeername (self->fd, (struct sockaddr *) &native, &len) != 0)
    return NULL;
  return g_socket_address_new_from_native (&native, len);
}

static char *
describe_peer (GosslConnection *self)
{
  X509_VERIFY_PARAM *param = SSL_get0_param (self->ssl);
  g_autoptr(GSocketAddress) address = peer_address (self);
  g_autofree char *address_text = NULL;
  const char *name = X509_VERIFY_PARAM_get0_host (param, 0);
  char *ip;
  guint16 port = 0;
  char *result;

  /* The queue describes the failure: asking for an IP address that was
   * not set must not add to it. */
  ERR_set_mark ();
  ip = X509_VERIFY_PARAM_get1_ip_asc (param);
  ERR_pop_to_mark ();

  if (G_IS_INET_SOCKET_ADDRESS (address))
    {
      GInetSocketAddress *inet = G_INET_SOCKET_ADDRESS (address);

      address_text = g_inet_address_to_string (g_inet_socket_address_get_address (inet));
      port = g_inet_socket_address_get_port (inet);
    }
  if (name == NULL)
    name = ip;
  /* A server's SNI name is its own, not the client's. */
  if (name == NULL && !SSL_is_server (self->ssl))
    name = SSL_get_servername (self->ssl, TLSEXT_NAMETYPE_host_name);
  if (name == NULL)
    name = address_text;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    result = g_strdup (SSL_is_server (self->ssl) ? "the client" : "the server");
  else if (port == 0)
    result = g_strdup (name);
  else if (strchr (name, ':') != NULL)
    result = g_strdup_printf ("[%s]:%u", name, port);
  else
    result = g_strdup_printf ("%s:%u", name, port);
  OPENSSL_free (ip);
  return result;
}

/* The one place that turns OpenSSL's verification errors into GIO's. */
GTlsCertificateFlags
gossl_certificate_flags_from_verify_error (long x509_error)
{
  switch (x509_error)
    {
    case X509_V_OK:
      return 0;
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_CERT_UNTRUSTED:
      return G_TLS_CERTIFICATE_UNKNOWN_CA;
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
    case X509_V_ERR_EMAIL_MISMATCH:
      return G_TLS_CERTIFICATE_BAD_IDENTITY;
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return G_TLS_CERTIFICATE_EXPIRED;
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return G_TLS_CERTIFICATE_NOT_ACTIVATED;
    case X509_V_ERR_CERT_REVOKED:
      return G_TLS_CERTIFICATE_REVOKED;
    case X509_V_ERR_EE_KEY_TOO_SMALL:
    case X509_V_ERR_CA_KEY_TOO_SMALL:
    case X509_V_ERR_CA_MD_TOO_WEAK:
      return G_TLS_CERTIFICATE_INSECURE;
    default:
      return G_TLS_CERTIFICATE_GENERIC_ERROR;
    }
}

/* "is not trusted and has expired", for the message of a refused
 * certificate. */
static char *
describe_certificate_flags (GTlsCertificateFlags flags)
{
  static const struct {
    GTlsCertificateFlags flag;
    const char *text;
  } problems[] = {
    { G_TLS_CERTIFICATE_UNKNOWN_CA, "is not trusted" },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, "is for another name" },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, "is not valid yet" },
    { G_TLS_CERTIFICATE_EXPIRED, "has expired" },
    { G_TLS_CERTIFICATE_REVOKED, "was revoked" },
    { G_TLS_CERTIFICATE_INSECURE, "is insecure" },
    { G_TLS_CERTIFICATE_GENERIC_ERROR, "is not valid" },
  };
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (problems); i++)
    if (flags & problems[i].flag)
      g_ptr_array_add (found, (gpointer) problems[i].text);
  if (found->len == 0)
    g_ptr_array_add (found, (gpointer) "was refused");
  for (guint i = 0; i < found->len; i++)
    g_string_append_printf (text, "%s%s", i == 0 ? "" : i + 1 == found->len ? " and " : ", ",
                            (const char *) found->pdata[i]);
  return g_string_free (text, FALSE);
}

/* Whether a handshake is under way: the first, or a TLS 1.2
 * renegotiation. (OpenSSL is "in init" for TLS 1.3's post-handshake
 * messages too.) */
static gboolean
in_handshake (GosslConnection *self)
{
  return self->handshakes == 0 ||
         (SSL_in_init (self->ssl) && SSL_version (self->ssl) < TLS1_3_VERSION);
}

void
gossl_connection_set_eof_error (GosslConnection *self, GError **error)
{
  if (self != NULL && self->ssl != NULL && in_handshake (self))
    gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_EOF,
                     "Unexpected EOF: the peer closed the connection during the TLS handshake");
  else
    gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_EOF,
                     "Unexpected EOF: the peer closed the connection without a TLS close_notify");
  gossl_error_record_errno (-1);
}

static void
set_syscall_error (GosslConnection *self, int errnum, GError **error)
{
  if (errnum == 0 || errnum == -1)
    gossl_connection_set_eof_error (self, error);
  else
    {
      gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_SYSCALL, "%s", g_strerror (errnum));
      gossl_error_record_errno (errnum);
    }
}

static gboolean
queue_holds_reason (int reason)
{
  unsigned long codes[2] = { ERR_peek_error (), ERR_peek_last_error () };

  for (int i = 0; i < 2; i++)
    if (codes[i] != 0 && ERR_GET_LIB (codes[i]) == ERR_LIB_SSL && ERR_GET_REASON (codes[i]) == reason)
      return TRUE;
  return FALSE;
}

/* A TLS failure with OpenSSL's reasons queued: which GIO-like case it is. */
static void
set_tls_error (GosslConnection  *self,
               const char       *what,
               GError          **error)
{
  g_autofree char *peer = NULL;

  if (queue_holds_reason (SSL_R_CERTIFICATE_VERIFY_FAILED))
    {
      long result = SSL_get_verify_result (self->ssl);
      g_autofree char *problems =
        describe_certificate_flags (gossl_connection_get_peer_certificate_errors (self));

      peer = describe_peer (self);
      queue_verify_reason (self);
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_BAD_CERTIFICATE,
                                    "The certificate of %s %s: %s", peer, problems,
                                    X509_verify_cert_error_string (result));
    }
  else if (queue_holds_reason (SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE))
    gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_CERTIFICATE_REQUIRED,
                                  "The client sent no certificate, and the server requires one");
  else if (queue_holds_reason (SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED))
    gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_CERTIFICATE_REQUIRED,
                                  "The server requires a client certificate");
  else if (!in_handshake (self))
    gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                  "%s failed", what);
  else if (queue_holds_reason (SSL_R_WRONG_VERSION_NUMBER) ||
           queue_holds_reason (SSL_R_HTTP_REQUEST) ||
           queue_holds_reason (SSL_R_HTTPS_PROXY_REQUEST) ||
           queue_holds_reason (SSL_R_UNKNOWN_PROTOCOL) ||
           queue_holds_reason (SSL_R_PACKET_LENGTH_TOO_LONG))
    {
      peer = describe_peer (self);
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_NOT_TLS,
                                    "The TLS handshake failed: %s does not speak TLS", peer);
    }
  else
    {
      peer = describe_peer (self);
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_HANDSHAKE,
                                    "The TLS handshake with %s failed", peer);
    }
}

/* The one place that turns the result of an SSL_* I/O call into a GError:
 * pyOpenSSL's Connection._raise_ssl_error(). */
static void
set_io_error (GosslConnection  *self,
              int               ret,
              const char       *what,
              GError          **error)
{
  int code = SSL_get_error (self->ssl, ret);
  int sys_errno = self->bio != NULL ? ((SocketBio *) BIO_get_data (self->bio))->last_errno : 0;

  switch (code)
    {
    case SSL_ERROR_ZERO_RETURN:
      gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_ZERO_RETURN,
                       "The peer closed the TLS connection");
      break;
    case SSL_ERROR_WANT_READ:
      gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_WANT_READ,
                       "%s needs to read from the socket first", what);
      break;
    case SSL_ERROR_WANT_WRITE:
      gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_WANT_WRITE,
                       "%s needs to write to the socket first", what);
      break;
    case SSL_ERROR_WANT_X509_LOOKUP:
      gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_WANT_X509_LOOKUP,
                       "%s waits for a certificate callback", what);
      break;
    case SSL_ERROR_SYSCALL:
      /* The transport's errno explains it better than anything queued. */
      if (sys_errno == 0 && ERR_peek_error () != 0)
        set_tls_error (self, what, error);
      else
        set_syscall_error (self, sys_errno, error);
      break;
    case SSL_ERROR_SSL:
      /* OpenSSL 3 reports a peer that vanished without close_notify as a
       * protocol error; pyOpenSSL (and the manual) call it SysCallError
       * (-1, "Unexpected EOF"), GIO G_TLS_ERROR_EOF; the alert OpenSSL then
       * fails to send does not change that. A transport failure in the
       * middle of the call (EPIPE, ECONNRESET) is a SysCallError with its
       * errno. */
      if (queue_holds_unexpected_eof ())
        set_syscall_error (self, -1, error);
      else if (sys_errno != 0)
        set_syscall_error (self, sys_errno, error);
      else
        set_tls_error (self, what, error);
      break;
    default:
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "%s failed (SSL_get_error %d)", what, code);
      break;
    }
}

/* set_io_error(), except that with @want_read, WANT_READ sets it instead
 * of @error: for the reads and handshakes of a GosslTlsStream, which meet
 * WANT_READ at every record. */
static void
set_io_error_or_want_read (GosslConnection  *self,
                           int               ret,
                           const char       *what,
                           gboolean         *want_read,
                           GError          **error)
{
  if (want_read != NULL && SSL_get_error (self->ssl, ret) == SSL_ERROR_WANT_READ)
    *want_read = TRUE;
  else
    set_io_error (self, ret, what, error);
}

/* --- The object ----------------------------------------------------------- */

GosslConnection *
gossl_connection_from_ssl (const SSL *ssl)
{
  if (ssl == NULL || connection_ex_index < 0)
    return NULL;
  return SSL_get_ex_data (ssl, connection_ex_index);
}

static gboolean
gossl_connection_initable_init (GInitable     *initable,
                                GCancellable  *cancellable,
                                GError       **error)
{
  GosslConnection *self = GOSSL_CONNECTION (initable);
  SSL_CTX *ctx;

  if (self->ssl != NULL)
    return TRUE;
  if (self->context == NULL)
    {
      gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT,
                       "A TLS connection needs a context (GosslConnection:context)");
      return FALSE;
    }
  ctx = gossl_context_get_native (self->context);
  if (ctx == NULL)
    {
      gossl_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                       "The TLS context of the connection was not initialized");
      return FALSE;
    }
  ERR_clear_error ();
  self->ssl = SSL_new (ctx);
  if (self->ssl == NULL)
    {
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not create the TLS connection");
      return FALSE;
    }
  SSL_set_ex_data (self->ssl, connection_ex_index, self);
  return TRUE;
}

static void
gossl_connection_initable_iface_init (GInitableIface *iface)
{
  iface->init = gossl_connection_initable_init;
}

/* After each SSL_* call that may run a handshake, once its outcome is
 * recorded: tells the world about a handshake it completed, from here
 * rather than from inside OpenSSL, where a handler could not use the
 * connection. */
static void
notify_handshake (GosslConnection *self)
{
  GObject *object = G_OBJECT (self);

  self->handshake_pending = FALSE;
  g_object_freeze_notify (object);
  g_object_notify_by_pspec (object, properties[PROP_PEER_CERTIFICATE]);
  g_object_notify_by_pspec (object, properties[PROP_PEER_CERTIFICATE_ERRORS]);
  g_object_notify_by_pspec (object, properties[PROP_PROTOCOL_VERSION]);
  g_object_notify_by_pspec (object, properties[PROP_CIPHERSUITE_NAME]);
  g_object_notify_by_pspec (object, properties[PROP_NEGOTIATED_PROTOCOL]);
  g_object_thaw_notify (object);
}

static inline void
end_io (GosslConnection *self)
{
  self->in_openssl = FALSE;
  if (G_UNLIKELY (self->handshake_pending))
    notify_handshake (self);
}

void
gossl_connection_handshake_done (GosslConnection *self)
{
  self->handshake_pending = TRUE;
  self->handshakes++;
}

guint
gossl_connection_get_handshake_count (GosslConnection *self)
{
  return self->handshakes;
}

void
gossl_connection_set_peer_address (GosslConnection *self,
                                   GSocketAddress  *address)
{
  g_set_object (&self->peer_address, address);
}

void
gossl_connection_begin_verify (GosslConnection *self)
{
  self->peer_errors = 0;
  self->deferred_error = X509_V_OK;
  self->verifying = TRUE;
}

gboolean
gossl_connection_note_verify_error (GosslConnection *self,
                                    int              x509_error,
                                    gboolean         defer)
{
  if (!self->verifying)
    return FALSE;
  self->peer_errors |= gossl_certificate_flags_from_verify_error (x509_error);
  if (defer && self->deferred_error == X509_V_OK)
    self->deferred_error = x509_error != X509_V_OK ? x509_error : X509_V_ERR_UNSPECIFIED;
  return TRUE;
}

int
gossl_connection_end_verify (GosslConnection *self)
{
  self->verifying = FALSE;
  return self->deferred_error;
}

static void
gossl_connection_finalize (GObject *object)
{
  GosslConnection *self = GOSSL_CONNECTION (object);

  /* Frees the BIO, which leaves the descriptor open. */
  if (self->ssl != NULL)
    {
      SSL_set_ex_data (self->ssl, connection_ex_index, NULL);
      SSL_free (self->ssl);
    }
  g_clear_object (&self->context);
  g_clear_object (&self->peer_address);
  g_free (self->negotiated_protocol);
  G_OBJECT_CLASS (gossl_connection_parent_class)->finalize (object);
}

static void
gossl_connection_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GosslConnection *self = GOSSL_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_PEER_CERTIFICATE:
      g_value_take_object (value, gossl_connection_get_peer_certificate (self));
      break;
    case PROP_PEER_CERTIFICATE_ERRORS:
      g_value_set_flags (value, gossl_connection_get_peer_certificate_errors (self));
      break;
    case PROP_PROTOCOL_VERSION:
      g_value_set_enum (value, gossl_connection_get_tls_protocol_version (self));
      break;
    case PROP_CIPHERSUITE_NAME:
      g_value_set_string (value, gossl_connection_get_ciphersuite_name (self));
      break;
    case PROP_NEGOTIATED_PROTOCOL:
      g_value_set_string (value, gossl_connection_get_negotiated_protocol (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gossl_connection_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  GosslConnection *self = GOSSL_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gossl_connection_class_init (GosslConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gossl_connection_finalize;
  object_class->get_property = gossl_connection_get_property;
  object_class->set_property = gossl_connection_set_property;

  gossl_ensure_initialized ();
  connection_ex_index = SSL_get_ex_new_index (0, (void *) "GosslConnection", NULL, NULL, NULL);

  /**
   * GosslConnection::verify:
   * @self: the connection
   * @certificate: the certificate being checked (a new reference to it)
   * @errnum: OpenSSL's verification result for it,
   *   %GOSSL_VERIFY_RESULT_OK when it passed
   * @depth: its depth in the chain: 0 for the peer's own certificate
   * @ok: whether OpenSSL accepts it
   *
   * The connection's own certificate verification callback: with a handler
   * connected, it is emitted instead of its context's
   * [signal@Gossl.Context::verify], with the same meaning, so that one
   * connection can verify its peer its own way (see also
   * [method@Gossl.Connection.set_verify]).
   *
   * Returns: %TRUE to accept the certificate, %FALSE to fail the handshake
   *
   * Since: 0.2
   */
  signals[SIGNAL_VERIFY] =
    g_signal_new ("verify",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  g_signal_accumulator_first_wins, NULL,
                  NULL,
                  G_TYPE_BOOLEAN,
                  4,
                  GOSSL_TYPE_X509,
                  GOSSL_TYPE_VERIFY_RESULT,
                  G_TYPE_INT,
                  G_TYPE_BOOLEAN);

  /**
   * GosslConnection:context:
   *
   * The context the connection was made from: required. Make connections
   * with [ctor@Gossl.Connection.new] or g_initable_new().
   */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         GOSSL_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GosslConnection:peer-certificate: (getter get_peer_certificate)
   *
   * The certificate the peer presented in the last handshake, or %NULL.
   * Notified when a handshake completes, as are the other properties of
   * its outcome.
   *
   * Since: 0.2
   */
  properties[PROP_PEER_CERTIFICATE] =
    g_param_spec_object ("peer-certificate", NULL, NULL,
                         GOSSL_TYPE_X509,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GosslConnection:peer-certificate-errors: (getter get_peer_certificate_errors)
   *
   * What is wrong with the peer's certificate, as verification of the last
   * handshake found it (see [method@Gossl.Connection.get_peer_certificate_errors]).
   *
   * Since: 0.2
   */
  properties[PROP_PEER_CERTIFICATE_ERRORS] =
    g_param_spec_flags ("peer-certificate-errors", NULL, NULL,
                        G_TYPE_TLS_CERTIFICATE_FLAGS, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GosslConnection:protocol-version: (getter get_tls_protocol_version)
   *
   * The protocol version the handshake agreed on, or
   * %G_TLS_PROTOCOL_VERSION_UNKNOWN before it.
   *
   * Since: 0.2
   */
  properties[PROP_PROTOCOL_VERSION] =
    g_param_spec_enum ("protocol-version", NULL, NULL,
                       G_TYPE_TLS_PROTOCOL_VERSION, G_TLS_PROTOCOL_VERSION_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GosslConnection:ciphersuite-name: (getter get_ciphersuite_name)
   *
   * The IANA name of the cipher suite the handshake agreed on, such as
   * "TLS_AES_256_GCM_SHA384", or %NULL before it.
   *
   * Since: 0.2
   */
  properties[PROP_CIPHERSUITE_NAME] =
    g_param_spec_string ("ciphersuite-name", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GosslConnection:negotiated-protocol: (getter get_negotiated_protocol)
   *
   * The application protocol the handshake agreed on (ALPN), such as
   * "http/1.1", or %NULL.
   *
   * Since: 0.2
   */
  properties[PROP_NEGOTIATED_PROTOCOL] =
    g_param_spec_string ("negotiated-protocol", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gossl_connection_init (GosslConnection *self)
{
  self->fd = -1;
}

SSL *
gossl_connection_get_native (GosslConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), NULL);
  return self->ssl;
}

static gboolean
check_fd (int fd, GError **error)
{
  if (fd == -1)
    return TRUE;
  if (fd < 0 || fcntl (fd, F_GETFD) == -1)
    {
      gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT,
                       "%d is not an open file descriptor", fd);
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_connection_new:
 * @context: the context with the connection's settings
 * @fd: a connected (or, for a server, accepted) socket's file descriptor, or
 *   -1 to give one later with [method@Gossl.Connection.set_fd]
 * @error: return location for a [struct@GLib.Error]
 *
 * A new TLS connection over @fd. The connection borrows @fd: it never closes
 * it. It takes the context's current verification mode; later changes to the
 * context's certificate, key and verification mode do not reach it. Set its
 * role with [method@Gossl.Connection.set_connect_state] or
 * [method@Gossl.Connection.set_accept_state] before the first I/O call. The same as
 * g_initable_new() with [property@Gossl.Connection:context], followed by
 * [method@Gossl.Connection.set_fd].
 *
 * Returns: (transfer full): the connection, or %NULL with @error set
 *   (%GOSSL_SSL_ERROR_INVALID_ARGUMENT for a descriptor that is not open)
 *
 * Since: 0.1
 */
GosslConnection *
gossl_connection_new (GosslContext  *context,
                      int            fd,
                      GError       **error)
{
  GosslConnection *self;

  g_return_val_if_fail (GOSSL_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_fd (fd, error) || !gossl_context_check_usable (context, error))
    return NULL;
  self = g_initable_new (GOSSL_TYPE_CONNECTION, NULL, error, "context", context, NULL);
  if (self == NULL)
    return NULL;
  if (fd >= 0 && !gossl_connection_set_fd (self, fd, error))
    {
      g_object_unref (self);
      return NULL;
    }
  return self;
}

/**
 * gossl_connection_get_fd:
 * @self: a [class@Gossl.Connection]
 *
 * The file descriptor the connection uses.
 *
 * Returns: the descriptor, or -1 for none
 *
 * Since: 0.1
 */
int
gossl_connection_get_fd (GosslConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), -1);
  return self->fd;
}

/**
 * gossl_connection_set_fd:
 * @self: a [class@Gossl.Connection]
 * @fd: a socket's file descriptor, or -1 for none
 * @error: return location for a [struct@GLib.Error]
 *
 * Makes the connection use @fd (borrowed: never closed) from now on.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_INVALID_ARGUMENT
 *   for a descriptor that is not open
 *
 * Since: 0.1
 */
gboolean
gossl_connection_set_fd (GosslConnection  *self,
                         int               fd,
                         GError          **error)
{
  BIO *bio = NULL;

  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!connection_ready (self, error))
    return FALSE;

  if (!gossl_connection_check_idle (self, "set_fd", error) || !check_fd (fd, error))
    return FALSE;
  if (fd >= 0)
    {
      ERR_clear_error ();
      bio = socket_bio_new (fd);
      if (bio == NULL)
        {
          gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                        "Could not create the socket BIO");
          return FALSE;
        }
    }
  /* One reference for both directions; the previous BIO (or the memory
   * pair) is freed. */
  SSL_set_bio (self->ssl, bio, bio);
  self->bio = bio;
  self->fd = fd;
  self->into_ssl = NULL;
  self->from_ssl = NULL;
  return TRUE;
}

/**
 * gossl_connection_get_context:
 * @self: a [class@Gossl.Connection]
 *
 * The context the connection was made from.
 *
 * Returns: (transfer none) (nullable): the context, or %NULL for a
 *   connection made by [ctor@GObject.Object.new] without one
 *
 * Since: 0.1
 */
GosslContext *
gossl_connection_get_context (GosslConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), NULL);
  return self->context;
}

/* Both roles: from inside a handler the state machine must not be reset
 * under the call that runs it. */
static gboolean
set_role (GosslConnection  *self,
          gboolean          server,
          GError          **error)
{
  if (!connection_ready (self, error) ||
      !gossl_connection_check_idle (self, server ? "set_accept_state" : "set_connect_state",
                                    error))
    return FALSE;
  if (server)
    {
      SSL_set_accept_state (self->ssl);
      /* Undoes a client's default of set_connect_state(). */
      if (!self->verify_explicit && !gossl_context_get_verify_explicit (self->context))
        SSL_set_verify (self->ssl, SSL_CTX_get_verify_mode (SSL_get_SSL_CTX (self->ssl)), NULL);
    }
  else
    {
      SSL_set_connect_state (self->ssl);
      if (!self->verify_explicit && !gossl_context_get_verify_explicit (self->context))
        SSL_set_verify (self->ssl, SSL_VERIFY_PEER, NULL);
    }
  return TRUE;
}

static void
set_role_or_warn (GosslConnection *self,
                  gboolean         server)
{
  g_autoptr(GError) error = NULL;

  /* An uninitialized connection has no role to take, and says so on its
   * first call that can fail. */
  if (!connection_ready (self, NULL))
    return;
  if (!set_role (self, server, &error))
    g_warning ("%s", error->message);
}

/**
 * gossl_connection_set_accept_state:
 * @self: a [class@Gossl.Connection]
 *
 * Makes the connection the server side: the first I/O call runs the
 * handshake. From inside a handler of a signal the connection's own
 * handshake emits it does nothing but log a warning: bindings call
 * [method@Gossl.Connection.try_set_accept_state] under this name, which reports
 * that as an error.
 *
 * Since: 0.1
 */
void
gossl_connection_set_accept_state (GosslConnection *self)
{
  g_return_if_fail (GOSSL_IS_CONNECTION (self));
  set_role_or_warn (self, TRUE);
}

/**
 * gossl_connection_try_set_accept_state: (rename-to gossl_connection_set_accept_state)
 * @self: a [class@Gossl.Connection]
 * @error: return location for a [struct@GLib.Error]
 *
 * [method@Gossl.Connection.set_accept_state] with an error instead of a warning.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_FAILED when
 *   called from inside a handler of a signal the connection's own
 *   handshake emits
 *
 * Since: 0.2
 */
gboolean
gossl_connection_try_set_accept_state (GosslConnection  *self,
                                       GError          **error)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return set_role (self, TRUE, error);
}

/**
 * gossl_connection_set_connect_state:
 * @self: a [class@Gossl.Connection]
 *
 * Makes the connection the client side: the first I/O call runs the
 * handshake. Unless [method@Gossl.Context.set_verify] was called on the context,
 * the client verifies the server (%GOSSL_VERIFY_PEER; see [class@Gossl.Context]).
 *
 * From inside a handler of a signal the connection's own handshake emits
 * it does nothing but log a warning: bindings call
 * [method@Gossl.Connection.try_set_connect_state] under this name, which reports
 * that as an error.
 *
 * Since: 0.1
 */
void
gossl_connection_set_connect_state (GosslConnection *self)
{
  g_return_if_fail (GOSSL_IS_CONNECTION (self));
  set_role_or_warn (self, FALSE);
}

/**
 * gossl_connection_try_set_connect_state: (rename-to gossl_connection_set_connect_state)
 * @self: a [class@Gossl.Connection]
 * @error: return location for a [struct@GLib.Error]
 *
 * [method@Gossl.Connection.set_connect_state] with an error instead of a warning.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_FAILED when
 *   called from inside a handler of a signal the connection's own
 *   handshake emits
 *
 * Since: 0.2
 */
gboolean
gossl_connection_try_set_connect_state (GosslConnection  *self,
                                        GError          **error)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return set_role (self, FALSE, error);
}

/**
 * gossl_connection_do_handshake:
 * @self: a [class@Gossl.Connection]
 * @error: return location for a [struct@GLib.Error]
 *
 * Runs the handshake (or the rest of it, after a WANT error, or a
 * renegotiation started by [method@Gossl.Connection.renegotiate]). The
 * [signal@Gossl.Context::verify] and [signal@Gossl.Context::info] signals are emitted from
 * inside it, on this thread.
 *
 * Returns: %TRUE when the handshake is complete; %FALSE with a
 *   %GOSSL_SSL_ERROR code otherwise (%GOSSL_SSL_ERROR_BAD_CERTIFICATE, with
 *   "certificate verify failed" among [func@Gossl.error_get_openssl_errors], when
 *   the peer's certificate is refused; %GOSSL_SSL_ERROR_HANDSHAKE and the
 *   like for other failures)
 *
 * Since: 0.1
 */
gboolean
gossl_connection_do_handshake (GosslConnection  *self,
                               GError          **error)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return gossl_connection_handshake_or_want_read (self, NULL, error);
}

gboolean
gossl_connection_handshake_or_want_read (GosslConnection  *self,
                                         gboolean         *want_read,
                                         GError          **error)
{
  int ret;

  if (want_read != NULL)
    *want_read = FALSE;
  if (!begin_io (self, "do_handshake", error))
    return FALSE;
  ret = SSL_do_handshake (self->ssl);
  if (ret != 1)
    set_io_error_or_want_read (self, ret, "The handshake", want_read, error);
  end_io (self);
  return ret == 1;
}

/**
 * gossl_connection_send:
 * @self: a [class@Gossl.Connection]
 * @data: (array length=len) (element-type guint8): the bytes to send
 * @len: the length of @data
 * @error: return location for a [struct@GLib.Error]
 *
 * Sends some of @data; it runs the handshake first if needed. After
 * %GOSSL_SSL_ERROR_WANT_WRITE or %GOSSL_SSL_ERROR_WANT_READ, call it again
 * with the same bytes. Sending nothing returns 0 without touching the
 * connection.
 *
 * Returns: the number of bytes sent (at least 1 when @len is not 0), or -1
 *   with @error set
 *
 * Since: 0.1
 */
gssize
gossl_connection_send (GosslConnection  *self,
                       const guint8     *data,
                       gsize             len,
                       GError          **error)
{
  size_t written = 0;
  int ret;

  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), -1);
  g_return_val_if_fail (data != NULL || len == 0, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (len == 0)
    return 0;
  /* gssize must hold the count. */
  len = MIN (len, (gsize) G_MAXSSIZE);

  if (!begin_io (self, "send", error))
    return -1;
  ret = SSL_write_ex (self->ssl, data, len, &written);
  if (ret != 1)
    set_io_error (self, ret, "Sending", error);
  end_io (self);
  return ret == 1 ? (gssize) written : -1;
}

/**
 * gossl_connection_send_all:
 * @self: a [class@Gossl.Connection]
 * @data: (array length=len) (element-type guint8): the bytes to send
 * @len: the length of @data
 * @error: return location for a [struct@GLib.Error]
 *
 * Sends all of @data, looping over partial writes. Meant for blocking
 * sockets: on a non-blocking one it stops at the first WANT error, and how
 * much was sent cannot be told.
 *
 * Returns: %TRUE when everything was sent
 *
 * Since: 0.1
 */
gboolean
gossl_connection_send_all (GosslConnection  *self,
                           const guint8     *data,
                           gsize             len,
                           GError          **error)
{
  gsize sent = 0;

  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!connection_ready (self, error))
    return FALSE;
  while (sent < len)
    {
      size_t written = 0;
      int ret;

      if (!begin_io (self, "send_all", error))
        return FALSE;
      ret = SSL_write_ex (self->ssl, data + sent, len - sent, &written);
      if (ret != 1)
        set_io_error (self, ret, "Sending", error);
      end_io (self);
      if (ret != 1)
        return FALSE;
      sent += written;
    }
  return TRUE;
}

/* One SSL_read_ex() into @buffer (@len > 0, at most G_MAXSSIZE), the body
 * of every receive (@call names it): the count, or -1 with @error set.
 * With @peek, SSL_peek_ex(): the bytes stay to be read again. With
 * @want_read, WANT_READ sets it instead of @error. */
static gssize
read_some (GosslConnection  *self,
           const char       *call,
           guint8           *buffer,
           gsize             len,
           gboolean          peek,
           gboolean         *want_read,
           GError          **error)
{
  size_t readbytes = 0;
  int ret;

  if (!begin_io (self, call, error))
    return -1;
  ret = peek ? SSL_peek_ex (self->ssl, buffer, len, &readbytes)
             : SSL_read_ex (self->ssl, buffer, len, &readbytes);
  if (ret != 1)
    set_io_error_or_want_read (self, ret, "Receiving", want_read, error);
  end_io (self);
  return ret == 1 ? (gssize) readbytes : -1;
}

gssize
gossl_connection_recv_or_want_read (GosslConnection  *self,
                                    guint8           *buffer,
                                    gsize             len,
                                    gboolean         *want_read,
                                    GError          **error)
{
  *want_read = FALSE;
  return read_some (self, "recv_into", buffer, MIN (len, (gsize) G_MAXSSIZE), FALSE, want_read,
                    error);
}

/* The body of gossl_connection_recv() and gossl_connection_peek(). */
static GByteArray *
receive_bytes (GosslConnection  *self,
               const char       *call,
               gsize             bufsize,
               gboolean          peek,
               GError          **error)
{
  g_autoptr(GByteArray) buffer = NULL;
  gsize size;
  gssize received;

  /* One SSL_read gives at most a record's plaintext beyond what is
   * pending: no need to allocate a huge @bufsize. */
  size = MIN (bufsize, MAX ((gsize) SSL_pending (self->ssl), (gsize) SSL3_RT_MAX_PLAIN_LENGTH));
  size = MIN (size, (gsize) G_MAXUINT);
  buffer = g_byte_array_sized_new ((guint) size);
  if (size == 0)
    return g_steal_pointer (&buffer);
  g_byte_array_set_size (buffer, (guint) size);

  received = read_some (self, call, buffer->data, size, peek, NULL, error);
  if (received < 0)
    return NULL;
  g_byte_array_set_size (buffer, (guint) received);
  return g_steal_pointer (&buffer);
}

/**
 * gossl_connection_recv:
 * @self: a [class@Gossl.Connection]
 * @bufsize: the most bytes to return
 * @error: return location for a [struct@GLib.Error]
 *
 * Receives data; it runs the handshake first if needed. It returns what one
 * read of the TLS layer gives, which may be less than @bufsize (at most one
 * TLS record's worth, 16 KiB, beyond what [method@Gossl.Connection.pending]
 * reports). After a clean close by the peer it fails with
 * %GOSSL_SSL_ERROR_ZERO_RETURN; when the peer vanished without one, with
 * %GOSSL_SSL_ERROR_EOF (errno -1, "Unexpected EOF"). A @bufsize of 0 returns
 * no bytes without touching the connection.
 *
 * Returns: (transfer full): the bytes received, or %NULL with @error set
 *
 * Since: 0.1
 */
GByteArray *
gossl_connection_recv (GosslConnection  *self,
                       gsize             bufsize,
                       GError          **error)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (!connection_ready (self, error))
    return NULL;

  return receive_bytes (self, "recv", bufsize, FALSE, error);
}

/**
 * gossl_connection_recv_into: (skip)
 * @self: a [class@Gossl.Connection]
 * @buffer: (array length=len) (element-type guint8): where the bytes go
 * @len: the size of @buffer, the most bytes to receive
 * @error: return location for a [struct@GLib.Error]
 *
 * Receives data into @buffer, as [method@Gossl.Connection.recv] does but without
 * making an array for each read: what one read of the TLS layer gives, at
 * most @len bytes. It fails as [method@Gossl.Connection.recv] does. A @len of 0
 * returns 0 without touching the connection.
 *
 * It is for C only: bindings have no buffer type that is writable in
 * every language (PyGObject would hand over the memory of an immutable
 * `bytes` object, and a copy of a `bytearray`), so they use
 * [method@Gossl.Connection.recv].
 *
 * Returns: the number of bytes received (at least 1 when @len is not 0),
 *   or -1 with @error set
 *
 * Since: 0.1
 */
gssize
gossl_connection_recv_into (GosslConnection  *self,
                            guint8           *buffer,
                            gsize             len,
                            GError          **error)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), -1);
  g_return_val_if_fail (buffer != NULL || len == 0, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!connection_ready (self, error))
    return -1;
  if (len == 0)
    return 0;
  /* gssize must hold the count. */
  return read_some (self, "recv_into", buffer, MIN (len, (gsize) G_MAXSSIZE), FALSE, NULL, error);
}

/**
 * gossl_connection_pending:
 * @self: a [class@Gossl.Connection]
 *
 * The number of bytes already decrypted and waiting to be read: a recv() of
 * that many returns at once.
 *
 * Returns: the number of bytes
 *
 * Since: 0.1
 */
int
gossl_connection_pending (GosslConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), 0);
  if (!connection_ready (self, NULL))
    return 0;

  return SSL_pending (self->ssl);
}

/**
 * gossl_connection_renegotiate:
 * @self: a [class@Gossl.Connection]
 * @error: return location for a [struct@GLib.Error]
 *
 * Starts a renegotiation; the next [method@Gossl.Connection.do_handshake] (or I/O
 * call) carries it out. Only TLS 1.2 and earlier have renegotiation: on a
 * TLS 1.3 connection this fails with %GOSSL_SSL_ERROR_FAILED (OpenSSL's
 * "wrong ssl version").
 *
 * Returns: %TRUE when a renegotiation was started; %FALSE with @error
 *   when it cannot be: %GOSSL_SSL_ERROR_FAILED, also when one is pending
 *   already ([method@Gossl.Connection.renegotiate_pending]; before 0.2, %FALSE
 *   without an error)
 *
 * Since: 0.1
 */
gboolean
gossl_connection_renegotiate (GosslConnection  *self,
                              GError          **error)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!connection_ready (self, error))
    return FALSE;

  if (!gossl_connection_check_idle (self, "renegotiate", error))
    return FALSE;
  if (SSL_renegotiate_pending (self->ssl))
    {
      gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                       "A renegotiation is pending already: the next handshake or I/O call "
                       "carries it out");
      return FALSE;
    }
  ERR_clear_error ();
  if (SSL_renegotiate (self->ssl) != 1)
    {
      if (SSL_version (self->ssl) >= TLS1_3_VERSION && SSL_version (self->ssl) != TLS_ANY_VERSION)
        gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                      "TLS 1.3 has no renegotiation");
      else
        gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                      "Could not start a renegotiation");
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_connection_renegotiate_pending:
 * @self: a [class@Gossl.Connection]
 *
 * Whether a renegotiation started by [method@Gossl.Connection.renegotiate] is still
 * to be carried out.
 *
 * Returns: %TRUE when one is pending
 *
 * Since: 0.2
 */
gboolean
gossl_connection_renegotiate_pending (GosslConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), FALSE);
  if (!connection_ready (self, NULL))
    return FALSE;

  return SSL_renegotiate_pending (self->ssl) != 0;
}

/**
 * gossl_connection_shutdown:
 * @self: a [class@Gossl.Connection]
 * @error: return location for a [struct@GLib.Error]
 *
 * Sends the TLS close_notify alert. It does not shut down or close the
 * socket. Call it again, or recv() until %GOSSL_SSL_ERROR_ZERO_RETURN, to
 * wait for the peer's close_notify.
 *
 * Returns: %TRUE when our close_notify is sent (on a later call: when the
 *   peer's has come too); [method@Gossl.Connection.get_peer_closed] tells whether
 *   the peer's has come. %FALSE with @error on failure (WANT codes on a
 *   non-blocking socket). Before 0.2 it returned %FALSE without an error
 *   when ours was sent and the peer's not yet received.
 *
 * Since: 0.1
 */
gboolean
gossl_connection_shutdown (GosslConnection  *self,
                           GError          **error)
{
  int ret;

  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!begin_io (self, "shutdown", error))
    return FALSE;
  ret = SSL_shutdown (self->ssl);
  if (ret < 0)
    set_io_error (self, ret, "Shutting down", error);
  end_io (self);
  return ret >= 0;
}

/**
 * gossl_connection_get_peer_closed:
 * @self: a [class@Gossl.Connection]
 *
 * Whether the peer's close_notify alert has been received: the peer ended
 * the TLS session cleanly. After [method@Gossl.Connection.shutdown], both sides'
 * alerts have been exchanged when this is %TRUE.
 *
 * Returns: %TRUE when the peer's close_notify came
 *
 * Since: 0.2
 */
gboolean
gossl_connection_get_peer_closed (GosslConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), FALSE);
  if (!connection_ready (self, NULL))
    return FALSE;

  return (SSL_get_shutdown (self->ssl) & SSL_RECEIVED_SHUTDOWN) != 0;
}

/**
 * gossl_connection_state_string:
 * @self: a [class@Gossl.Connection]
 *
 * A description of the handshake state, such as "SSL negotiation finished
 * successfully".
 *
 * Returns: (transfer none): the description
 *
 * Since: 0.1
 */
const char *
gossl_connection_state_string (GosslConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), NULL);
  if (!connection_ready (self, NULL))
    return "not initialized";

  return SSL_state_string_long (self->ssl);
}

/**
 * gossl_connection_want_read:
 * @self: a [class@Gossl.Connection]
 *
 * Whether the last I/O call stopped because it needs to read from the
 * socket.
 *
 * Returns: %TRUE when it does
 *
 * Since: 0.1
 */
gboolean
gossl_connection_want_read (GosslConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), FALSE);
  if (!connection_ready (self, NULL))
    return FALSE;

  return SSL_want_read (self->ssl) != 0;
}

/**
 * gossl_connection_want_write:
 * @self: a [class@Gossl.Connection]
 *
 * Whether the last I/O call stopped because it needs to write to the socket.
 *
 * Returns: %TRUE when it does
 *
 * Since: 0.1
 */
gboolean
gossl_connection_want_write (GosslConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), FALSE);
  if (!connection_ready (self, NULL))
    return FALSE;

  return SSL_want_write (self->ssl) != 0;
}

/**
 * gossl_connection_get_peer_certificate: (get-property peer-certificate)
 * @self: a [class@Gossl.Connection]
 *
 * The certificate the peer presented.
 *
 * Returns: (transfer full) (nullable): the certificate, or %NULL before the
 *   handshake or when the peer sent none
 *
 * Since: 0.1
 */
GosslX509 *
gossl_connection_get_peer_certificate (GosslConnection *self)
{
  X509 *x509;

  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), NULL);
  if (!connection_ready (self, NULL))
    return NULL;

  x509 = SSL_get1_peer_certificate (self->ssl);
  if (x509 == NULL)
    return NULL;
  return gossl_x509_new_from_native (x509);
}

/**
 * gossl_connection_get_cipher_list:
 * @self: a [class@Gossl.Connection]
 *
 * The names of the cipher suites the connection may use, in order of
 * preference, TLS 1.3 suites included.
 *
 * Returns: (transfer full) (array zero-terminated=1): the OpenSSL names of
 *   the cipher suites
 *
 * Since: 0.1
 */
char **
gossl_connection_get_cipher_list (GosslConnection *self)
{
  STACK_OF (SSL_CIPHER) *ciphers;
  GPtrArray *names;
  int i, n;

  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), NULL);
  if (!connection_ready (self, NULL))
    return g_new0 (char *, 1);

  ciphers = self->ssl != NULL ? SSL_get_ciphers (self->ssl) : NULL;
  n = ciphers != NULL ? sk_SSL_CIPHER_num (ciphers) : 0;
  names = g_ptr_array_new_full ((guint) n + 1, NULL);
  for (i = 0; i < n; i++)
    g_ptr_array_add (names, g_strdup (SSL_CIPHER_get_name (sk_SSL_CIPHER_value (ciphers, i))));
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

/**
 * gossl_connection_get_cipher_name:
 * @self: a [class@Gossl.Connection]
 *
 * The name of the cipher suite the handshake agreed on, such as
 * "TLS_AES_256_GCM_SHA384".
 *
 * Returns: (transfer none) (nullable): the name, or %NULL before the
 *   handshake
 *
 * Since: 0.1
 */
const char *
gossl_connection_get_cipher_name (GosslConnection *self)
{
  const SSL_CIPHER *cipher;

  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), NULL);
  if (!connection_ready (self, NULL))
    return NULL;

  cipher = SSL_get_current_cipher (self->ssl);
  return cipher != NULL ? SSL_CIPHER_get_name (cipher) : NULL;
}

/**
 * gossl_connection_get_protocol_version_name:
 * @self: a [class@Gossl.Connection]
 *
 * The protocol version the handshake agreed on, such as "TLSv1.3".
 *
 * Returns: (transfer none) (nullable): the version, or %NULL before the
 *   handshake
 *
 * Since: 0.1
 */
const char *
gossl_connection_get_protocol_version_name (GosslConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), NULL);
  if (!connection_ready (self, NULL))
    return NULL;

  if (SSL_get_current_cipher (self->ssl) == NULL)
    return NULL;
  return SSL_get_version (self->ssl);
}

/* --- The memory transport ------------------------------------------------- */

/**
 * gossl_connection_new_memory:
 * @context: the context with the connection's settings
 * @error: return location for a [struct@GLib.Error]
 *
 * A new TLS connection with no socket: the TLS records it reads are given
 * with [method@Gossl.Connection.bio_write] and those it writes are taken with
 * [method@Gossl.Connection.bio_read], to be carried by any transport. Its I/O calls
 * never block: they fail with %GOSSL_SSL_ERROR_WANT_READ when OpenSSL needs
 * more bytes from the peer, and whatever they wrote for the peer waits in
 * the connection until [method@Gossl.Connection.bio_read] takes it.
 *
 * Returns: (transfer full): the connection, or %NULL with @error set
 *
 * Since: 0.1
 */
GosslConnection *
gossl_connection_new_memory (GosslContext  *context,
                             GError       **error)
{
  g_autoptr(GosslConnection) self = NULL;
  BIO *into, *from;

  g_return_val_if_fail (GOSSL_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = gossl_connection_new (context, -1, error);
  if (self == NULL)
    return NULL;
  ERR_clear_error ();
  into = BIO_new (BIO_s_mem ());
  from = BIO_new (BIO_s_mem ());
  if (into == NULL || from == NULL)
    {
      BIO_free (into);
      BIO_free (from);
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not create the memory BIOs");
      return NULL;
    }
  /* Reading an empty BIO is "try again", not the end of the stream, until
   * gossl_connection_bio_shutdown(). */
  BIO_set_mem_eof_return (into, -1);
  BIO_set_mem_eof_return (from, -1);
  SSL_set_bio (self->ssl, into, from);
  self->into_ssl = into;
  self->from_ssl = from;
  return g_steal_pointer (&self);
}

/**
 * gossl_connection_is_memory:
 * @self: a [class@Gossl.Connection]
 *
 * Whether the connection has the memory transport of
 * [ctor@Gossl.Connection.new_memory] (and no socket).
 *
 * Returns: %TRUE for a memory connection
 *
 * Since: 0.1
 */
gboolean
gossl_connection_is_memory (GosslConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), FALSE);
  return self->into_ssl != NULL;
}

static gboolean
check_memory (GosslConnection *self, GError **error)
{
  if (self->into_ssl != NULL)
    return TRUE;
  if (!connection_ready (self, error))
    return FALSE;
  gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT,
                   "The connection has a socket, not a memory transport: "
                   "make it with gossl_connection_new_memory()");
  return FALSE;
}

/**
 * gossl_connection_bio_write:
 * @self: a memory [class@Gossl.Connection]
 * @data: (array length=len) (element-type guint8): bytes the peer sent
 * @len: the length of @data
 * @error: return location for a [struct@GLib.Error]
 *
 * Hands OpenSSL bytes that came from the peer. The next I/O call reads them.
 * All of @data is taken.
 *
 * Returns: the number of bytes taken (@len), or -1 with @error set
 *   (%GOSSL_SSL_ERROR_INVALID_ARGUMENT for a connection with a socket)
 *
 * Since: 0.1
 */
gssize
gossl_connection_bio_write (GosslConnection  *self,
                            const guint8     *data,
                            gsize             len,
                            GError          **error)
{
  gsize done = 0;

  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), -1);
  g_return_val_if_fail (data != NULL || len == 0, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);
  if (!connection_ready (self, error))
    return -1;

  if (!gossl_connection_check_idle (self, "bio_write", error) || !check_memory (self, error))
    return -1;
  len = MIN (len, (gsize) G_MAXSSIZE);
  while (done < len)
    {
      int chunk = (int) MIN (len - done, (gsize) G_MAXINT);
      int n;

      ERR_clear_error ();
      n = BIO_write (self->into_ssl, data + done, chunk);
      if (n <= 0)
        {
          gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                        "Could not write to the memory BIO");
          return -1;
        }
      done += (gsize) n;
    }
  return (gssize) done;
}

/**
 * gossl_connection_bio_read:
 * @self: a memory [class@Gossl.Connection]
 * @bufsize: the most bytes to return
 * @error: return location for a [struct@GLib.Error]
 *
 * Takes bytes OpenSSL wrote for the peer: send them to the peer by any
 * means.
 *
 * Returns: (transfer full): up to @bufsize bytes, or %NULL with @error
 *   set: %GOSSL_SSL_ERROR_WANT_READ when there is nothing to take,
 *   %GOSSL_SSL_ERROR_INVALID_ARGUMENT for a connection with a socket
 *
 * Since: 0.1
 */
GByteArray *
gossl_connection_bio_read (GosslConnection  *self,
                           gsize             bufsize,
                           GError          **error)
{
  g_autoptr(GByteArray) buffer = NULL;
  size_t pending;
  gsize size;
  int n;

  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (!connection_ready (self, error))
    return NULL;

  if (!check_transport_idle (self, "bio_read", error) || !check_memory (self, error))
    return NULL;
  pending = BIO_ctrl_pending (self->from_ssl);
  if (pending == 0 && bufsize > 0)
    {
      gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_WANT_READ,
                       "OpenSSL has written nothing for the peer");
      return NULL;
    }
  size = MIN (MIN (bufsize, (gsize) pending), (gsize) G_MAXINT);
  buffer = g_byte_array_sized_new ((guint) size);
  if (size == 0)
    return g_steal_pointer (&buffer);
  g_byte_array_set_size (buffer, (guint) size);
  ERR_clear_error ();
  n = BIO_read (self->from_ssl, buffer->data, (int) size);
  if (n <= 0)
    {
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not read from the memory BIO");
      return NULL;
    }
  g_byte_array_set_size (buffer, (guint) n);
  return g_steal_pointer (&buffer);
}

/**
 * gossl_connection_bio_shutdown:
 * @self: a memory [class@Gossl.Connection]
 * @error: return location for a [struct@GLib.Error]
 *
 * Tells OpenSSL that the peer will send nothing more: once it has read what
 * [method@Gossl.Connection.bio_write] gave, reads fail with
 * %GOSSL_SSL_ERROR_ZERO_RETURN after the peer's close_notify, and with
 * %GOSSL_SSL_ERROR_EOF ("Unexpected EOF") without one.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_INVALID_ARGUMENT
 *   for a connection with a socket
 *
 * Since: 0.1
 */
gboolean
gossl_connection_bio_shutdown (GosslConnection  *self,
                               GError          **error)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!connection_ready (self, error))
    return FALSE;

  if (!gossl_connection_check_idle (self, "bio_shutdown", error) || !check_memory (self, error))
    return FALSE;
  BIO_set_mem_eof_return (self->into_ssl, 0);
  return TRUE;
}

BIO *
gossl_connection_get_into_bio (GosslConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), NULL);
  return self->into_ssl;
}

BIO *
gossl_connection_get_from_bio (GosslConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), NULL);
  return self->from_ssl;
}

/* A memory BIO keeps the buffer it grew to for the largest burst it ever
 * held (a 16 KB record each way): past this, an emptied one is replaced
 * so that a quiet connection holds no transport buffer. */
#define MEMORY_BIO_KEEP 4096

void
gossl_connection_empty_memory_bio (GosslConnection *self,
                                   gboolean         into)
{
  BIO *bio = into ? self->into_ssl : self->from_ssl;
  BIO *fresh;
  BUF_MEM *mem = NULL;

  g_return_if_fail (bio != NULL);
  BIO_get_mem_ptr (bio, &mem);
  if (mem == NULL || mem->max <= MEMORY_BIO_KEEP)
    {
      if (BIO_ctrl_pending (bio) > 0)
        BIO_reset (bio);
      return;
    }
  fresh = BIO_new (BIO_s_mem ());
  if (fresh == NULL)
    {
      /* Out of memory: keeping the big buffer is no worse. */
      BIO_reset (bio);
      return;
    }
  BIO_set_mem_eof_return (fresh, -1);
  if (into)
    {
      SSL_set0_rbio (self->ssl, fresh);
      self->into_ssl = fresh;
    }
  else
    {
      SSL_set0_wbio (self->ssl, fresh);
      self->from_ssl = fresh;
    }
}

/* --- Server names, ALPN, verification ----------------------------------------- */

static gboolean
refuse_host_name (const char *name, const char *why, GError **error)
{
  /* The name may be anything a C caller passes; the message must be UTF-8. */
  g_autofree char *shown = g_strescape (name, NULL);

  gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT,
                   "\"%s\" is not a host name or IP address: %s", shown, why);
  return FALSE;
}

/* Whether @name is a DNS name in ASCII whose labels are all there and hold
 * only letters, digits, '-' and '_' (no wildcard, no space). OpenSSL reads
 * more into a reference name than a certificate check should: nothing at
 * all for an empty one, "any subdomain" for a leading dot. */
static gboolean
check_dns_name (const char *name, const char *shown_as, GError **error)
{
  const char *label = name;
  gboolean numeric = TRUE;

  for (const char *p = name;; p++)
    {
      if (*p == '.' || *p == '\0')
        {
          if (p == label)
            return refuse_host_name (shown_as, *name == '\0' ? "it is empty" :
                                     "it has an empty label (a leading, trailing or double dot)",
                                     error);
          if (*p == '\0')
            break;
          label = p + 1;
          numeric = TRUE;
          continue;
        }
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
        {
          g_autofree char *why = g_ascii_isgraph (*p) ?
            g_strdup_printf ("'%c' cannot be part of one", *p) :
            g_strdup_printf ("byte 0x%02x cannot be part of one", (guint8) *p);

          return refuse_host_name (shown_as, why, error);
        }
      if (!g_ascii_isdigit (*p))
        numeric = FALSE;
    }
  /* "1.2.3" or "256.1.1.1": meant as an address, and not one. */
  if (numeric)
    return refuse_host_name (shown_as, "its last label is a number, and it is no IP address",
                             error);
  return TRUE;
}

char *
gossl_host_name_check (const char  *name,
                       gboolean    *is_ip,
                       GError     **error)
{
  g_autofree char *ascii = NULL;
  gsize len;

  g_return_val_if_fail (name != NULL, NULL);

  len = strlen (name);
  /* "[::1]", as in URLs; an address only. */
  if (name[0] == '[' || (len > 0 && name[len - 1] == ']'))
    {
      g_autofree char *bare = NULL;

      if (len < 2 || name[0] != '[' || name[len - 1] != ']')
        {
          refuse_host_name (name, "unbalanced brackets", error);
          return NULL;
        }
      bare = g_strndup (name + 1, len - 2);
      if (!g_hostname_is_ip_address (bare))
        {
          refuse_host_name (name, "only an IP address goes between brackets", error);
          return NULL;
        }
      *is_ip = TRUE;
      return g_steal_pointer (&bare);
    }
  if (g_hostname_is_ip_address (name))
    {
      *is_ip = TRUE;
      return g_strdup (name);
    }

  /* Certificates hold international names in their ASCII form. */
  if (g_hostname_is_non_ascii (name))
    {
      ascii = g_hostname_to_ascii (name);
      if (ascii == NULL)
        {
          refuse_host_name (name, "it is no valid international domain name", error);
          return NULL;
        }
    }
  else
    ascii = g_strdup (name);
  if (!check_dns_name (ascii, name, error))
    return NULL;
  *is_ip = FALSE;
  return g_steal_pointer (&ascii);
}

/**
 * gossl_connection_set_context:
 * @self: a [class@Gossl.Connection]
 * @context: the context to use from now on
 * @error: return location for a [struct@GLib.Error]
 *
 * Switches the connection to another context: typically from a
 * [signal@Gossl.Context::servername] handler, to serve the certificate and key of
 * @context for the name the client asked for. The verification mode and
 * protocol versions the connection took from its first context stay; the
 * [signal@Gossl.Context::verify], [signal@Gossl.Context::info] and [signal@Gossl.Context::alpn-select]
 * signals of @context are emitted from now on.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
gossl_connection_set_context (GosslConnection  *self,
                              GosslContext     *context,
                              GError          **error)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (GOSSL_IS_CONTEXT (context), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!connection_ready (self, error) || !gossl_context_check_usable (context, error))
    return FALSE;

  /* What OpenSSL allows a server-name callback to do, and nothing else. */
  if (self->handler != GOSSL_HANDLER_SERVERNAME &&
      !gossl_connection_check_idle (self, "set_context", error))
    return FALSE;
  ERR_clear_error ();
  if (SSL_set_SSL_CTX (self->ssl, gossl_context_get_native (context)) == NULL)
    {
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not switch the connection to another context");
      return FALSE;
    }
  gossl_context_arm_keylog (context);
  if (g_set_object (&self->context, context))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
  return TRUE;
}

/**
 * gossl_connection_set_tlsext_host_name:
 * @self: a client [class@Gossl.Connection]
 * @name: the name of the server, as a client asks for it (SNI)
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets the server name a client sends in its hello (Server Name Indication),
 * for servers that serve several names on one address. Call it before the
 * handshake. It does not check the server's certificate against the name:
 * [method@Gossl.Connection.set_verify_hostname] does. An international name is sent
 * in its ASCII form ("xn--...").
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_INVALID_ARGUMENT
 *   for what is not a DNS name (empty, a leading or trailing dot, a
 *   wildcard, a space) or is an IP address (RFC 6066 allows none), with
 *   %GOSSL_SSL_ERROR_FAILED for a name OpenSSL refuses (longer than 255
 *   bytes)
 *
 * Since: 0.1
 */
gboolean
gossl_connection_set_tlsext_host_name (GosslConnection  *self,
                                       const char       *name,
                                       GError          **error)
{
  g_autofree char *checked = NULL;
  gboolean is_ip = FALSE;

  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!connection_ready (self, error))
    return FALSE;

  /* A client's name may change until its hello is written, from an info
   * handler at the handshake's start too (Twisted sets it there): OpenSSL
   * holds no pointer to the old name yet. */
  if (!(SSL_in_before (self->ssl) && !SSL_is_server (self->ssl)) &&
      !gossl_connection_check_idle (self, "set_tlsext_host_name", error))
    return FALSE;
  checked = gossl_host_name_check (name, &is_ip, error);
  if (checked == NULL)
    return FALSE;
  if (is_ip)
    return refuse_host_name (name, "a server name cannot be an IP address (RFC 6066)", error);
  ERR_clear_error ();
  if (SSL_set_tlsext_host_name (self->ssl, checked) != 1)
    {
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not set the server name");
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_connection_get_servername:
 * @self: a [class@Gossl.Connection]
 *
 * The server name of the handshake (SNI): on a server, the name the client
 * asked for (readable from a [signal@Gossl.Context::servername] handler on); on a
 * client, the name [method@Gossl.Connection.set_tlsext_host_name] set.
 *
 * Returns: (transfer none) (nullable): the name, or %NULL when there is
 *   none (or it is not UTF-8 text)
 *
 * Since: 0.1
 */
const char *
gossl_connection_get_servername (GosslConnection *self)
{
  const char *name;

  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), NULL);
  if (!connection_ready (self, NULL))
    return NULL;

  name = SSL_get_servername (self->ssl, TLSEXT_NAMETYPE_host_name);
  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return NULL;
  return name;
}

/**
 * gossl_connection_set_verify_hostname:
 * @self: a client [class@Gossl.Connection]
 * @hostname: (nullable): the DNS name or IP address (also as "[::1]") the
 *   server's certificate must be for, or %NULL to check no name
 * @error: return location for a [struct@GLib.Error]
 *
 * Makes verification of the peer's certificate check that it is for
 * @hostname (RFC 6125: a DNS name of its subjectAltName, with wildcards
 * only as a whole left-most label, or an IP address of it), as
 * `X509_VERIFY_PARAM_set1_host()` does. An international name is checked
 * in its ASCII form ("xn--..."). A certificate for another name fails the
 * handshake, when the peer is verified (%GOSSL_VERIFY_PEER, a client's
 * default), with %GOSSL_SSL_ERROR_BAD_CERTIFICATE and "hostname
 * mismatch" (or "IP address mismatch") among
 * [func@Gossl.error_get_openssl_errors], and %G_TLS_CERTIFICATE_BAD_IDENTITY
 * in [method@Gossl.Connection.get_peer_certificate_errors]; a
 * [signal@Gossl.Context::verify] handler sees it as `X509_V_ERR_HOSTNAME_MISMATCH`
 * (62) at depth 0. Call it before the handshake.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_INVALID_ARGUMENT
 *   for what is neither a DNS name nor an IP address, such as "" (use
 *   %NULL to check no name), ".example.com" (OpenSSL would take any
 *   subdomain), "example.com.", "*.example.com", "[]" or a name with a
 *   space; the check set before stays then
 *
 * Since: 0.1
 */
gboolean
gossl_connection_set_verify_hostname (GosslConnection  *self,
                                      const char       *hostname,
                                      GError          **error)
{
  X509_VERIFY_PARAM *param;
  g_autofree char *checked = NULL;
  gboolean is_ip = FALSE;
  int ok;

  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!connection_ready (self, error))
    return FALSE;

  if (!gossl_connection_check_idle (self, "set_verify_hostname", error))
    return FALSE;
  param = SSL_get0_param (self->ssl);
  ERR_clear_error ();
  if (hostname == NULL)
    {
      X509_VERIFY_PARAM_set1_host (param, NULL, 0);
      X509_VERIFY_PARAM_set1_ip (param, NULL, 0);
      return TRUE;
    }
  checked = gossl_host_name_check (hostname, &is_ip, error);
  if (checked == NULL)
    return FALSE;

  /* The new name first: a name OpenSSL refuses leaves the old check. */
  X509_VERIFY_PARAM_set_hostflags (param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  if (is_ip)
    ok = X509_VERIFY_PARAM_set1_ip_asc (param, checked) == 1 &&
         X509_VERIFY_PARAM_set1_host (param, NULL, 0) == 1;
  else
    ok = X509_VERIFY_PARAM_set1_host (param, checked, 0) == 1 &&
         X509_VERIFY_PARAM_set1_ip (param, NULL, 0) == 1;
  if (!ok)
    {
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT,
                                    "Cannot check certificates for the name \"%s\"", hostname);
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_connection_get_verify_result:
 * @self: a [class@Gossl.Connection]
 *
 * The outcome of the verification of the peer's certificate in the last
 * handshake (OpenSSL's `SSL_get_verify_result()`): 0 when it was verified
 * (or none was asked for), else the `X509_V_ERR_*` code, such as 62 for a
 * hostname mismatch.
 *
 * Returns: the verification result, a [enum@Gossl.VerifyResult] value
 *
 * Since: 0.1
 */
glong
gossl_connection_get_verify_result (GosslConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), 0);
  if (!connection_ready (self, NULL))
    return 0;

  return SSL_get_verify_result (self->ssl);
}

/**
 * gossl_connection_set_alpn_protos:
 * @self: a [class@Gossl.Connection]
 * @protocols: (array zero-terminated=1) (nullable): the application
 *   protocols to offer (RFC 7301 ALPN), in order of preference; %NULL or
 *   empty for none
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets the protocols a client offers, instead of those of
 * [method@Gossl.Context.set_alpn_protos]. Call it before the handshake.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_INVALID_ARGUMENT
 *   for an empty name or one longer than 255 bytes
 *
 * Since: 0.1
 */
gboolean
gossl_connection_set_alpn_protos (GosslConnection     *self,
                                  const char * const  *protocols,
                                  GError             **error)
{
  g_autoptr(GBytes) wire = NULL;
  const guint8 *data;
  gsize len = 0;

  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!connection_ready (self, error))
    return FALSE;

  if (!gossl_connection_check_idle (self, "set_alpn_protos", error))
    return FALSE;
  wire = gossl_alpn_encode (protocols, error);
  if (wire == NULL)
    return FALSE;
  data = g_bytes_get_data (wire, &len);
  ERR_clear_error ();
  /* 0 is success here. */
  if (SSL_set_alpn_protos (self->ssl, len > 0 ? data : NULL, (unsigned int) len) != 0)
    {
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not set the ALPN protocols");
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_connection_get_alpn_proto_negotiated:
 * @self: a [class@Gossl.Connection]
 *
 * The application protocol the handshake agreed on (ALPN).
 *
 * Returns: (transfer full) (nullable): the protocol, such as "http/1.1",
 *   or %NULL when none was agreed on (or before the handshake)
 *
 * Since: 0.1
 */
char *
gossl_connection_get_alpn_proto_negotiated (GosslConnection *self)
{
  const unsigned char *data = NULL;
  unsigned int len = 0;

  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), NULL);
  if (!connection_ready (self, NULL))
    return NULL;

  SSL_get0_alpn_selected (self->ssl, &data, &len);
  if (data == NULL || len == 0 || memchr (data, 0, len) != NULL ||
      !g_utf8_validate ((const char *) data, len, NULL))
    return NULL;
  return g_strndup ((const char *) data, len);
}

GPtrArray *
gossl_x509_chain_wrap (STACK_OF (X509) *chain)
{
  GPtrArray *result;
  int n;

  if (chain == NULL)
    return NULL;
  n = sk_X509_num (chain);
  /* "container", not "full": the array frees its elements itself, and
   * PyGObject would unref them a second time after taking them over. */
  result = g_ptr_array_new_full ((guint) MAX (n, 0), g_object_unref);
  for (int i = 0; i < n; i++)
    {
      X509 *x509 = sk_X509_value (chain, i);

      X509_up_ref (x509);
      g_ptr_array_add (result, gossl_x509_new_from_native (x509));
    }
  return result;
}

/**
 * gossl_connection_get_peer_cert_chain:
 * @self: a [class@Gossl.Connection]
 *
 * The certificates the peer sent, in the order it sent them. As in OpenSSL,
 * a client's list starts with the server's own certificate, and a server's
 * list of a client's chain leaves the client's own certificate out (see
 * [method@Gossl.Connection.get_peer_certificate]).
 *
 * Returns: (transfer container) (element-type GosslX509) (nullable): the
 *   certificates, or %NULL before the handshake or when the peer sent none
 *
 * Since: 0.1
 */
GPtrArray *
gossl_connection_get_peer_cert_chain (GosslConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), NULL);
  if (!connection_ready (self, NULL))
    return NULL;

  return gossl_x509_chain_wrap (SSL_get_peer_cert_chain (self->ssl));
}

/**
 * gossl_connection_get_verified_chain:
 * @self: a [class@Gossl.Connection]
 *
 * The chain verification built from the peer's certificate up to a trusted
 * CA.
 *
 * Returns: (transfer container) (element-type GosslX509) (nullable): the
 *   certificates, the peer's first and the trusted root last, or %NULL
 *   when the peer was not verified
 *
 * Since: 0.1
 */
GPtrArray *
gossl_connection_get_verified_chain (GosslConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), NULL);
  if (!connection_ready (self, NULL))
    return NULL;

  return gossl_x509_chain_wrap (SSL_get0_verified_chain (self->ssl));
}

/**
 * gossl_connection_get_protocol_version:
 * @self: a [class@Gossl.Connection]
 *
 * The protocol version the handshake agreed on, as OpenSSL numbers it
 * ([method@Gossl.Connection.get_tls_protocol_version] gives GIO's
 * [enum@Gio.TlsProtocolVersion]).
 *
 * Returns: %GOSSL_TLS1_3_VERSION and the like, or 0 before the handshake
 *
 * Since: 0.1
 */
int
gossl_connection_get_protocol_version (GosslConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), 0);
  if (!connection_ready (self, NULL))
    return 0;

  if (SSL_get_current_cipher (self->ssl) == NULL)
    return 0;
  return SSL_version (self->ssl);
}

/**
 * gossl_connection_get_cipher_bits:
 * @self: a [class@Gossl.Connection]
 *
 * The secret bits of the cipher the handshake agreed on.
 *
 * Returns: the number of bits, such as 256, or -1 before the handshake
 *
 * Since: 0.1
 */
int
gossl_connection_get_cipher_bits (GosslConnection *self)
{
  const SSL_CIPHER *cipher;

  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), -1);
  if (!connection_ready (self, NULL))
    return -1;

  cipher = SSL_get_current_cipher (self->ssl);
  return cipher != NULL ? SSL_CIPHER_get_bits (cipher, NULL) : -1;
}

/**
 * gossl_connection_get_cipher_version:
 * @self: a [class@Gossl.Connection]
 *
 * The protocol version that introduced the cipher suite the handshake agreed
 * on, such as "TLSv1.2" for an ECDHE suite used over TLS 1.3's predecessor.
 *
 * Returns: (transfer none) (nullable): the version, or %NULL before the
 *   handshake
 *
 * Since: 0.1
 */
const char *
gossl_connection_get_cipher_version (GosslConnection *self)
{
  const SSL_CIPHER *cipher;

  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), NULL);
  if (!connection_ready (self, NULL))
    return NULL;

  cipher = SSL_get_current_cipher (self->ssl);
  return cipher != NULL ? SSL_CIPHER_get_version (cipher) : NULL;
}

/* --- Sessions ---------------------------------------------------------------- */

/**
 * gossl_connection_get_session:
 * @self: a [class@Gossl.Connection]
 *
 * The connection's TLS session, to resume it from another connection with
 * [method@Gossl.Connection.set_session]. With TLS 1.3 the server sends it after the
 * handshake: read from the connection before taking it (see
 * [method@Gossl.Session.is_resumable]). A connection that ends without a TLS
 * shutdown ([method@Gossl.Connection.shutdown]) spoils its session, as OpenSSL
 * takes it for truncated: no server resumes it then.
 *
 * Returns: (transfer full) (nullable): the session, or %NULL before the
 *   handshake
 *
 * Since: 0.1
 */
GosslSession *
gossl_connection_get_session (GosslConnection *self)
{
  SSL_SESSION *session;

  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), NULL);
  if (!connection_ready (self, NULL))
    return NULL;

  session = SSL_get1_session (self->ssl);
  if (session == NULL)
    return NULL;
  return gossl_session_new_from_native (session);
}

/**
 * gossl_connection_set_session:
 * @self: a client [class@Gossl.Connection]
 * @session: a session of an earlier connection to the same server
 * @error: return location for a [struct@GLib.Error]
 *
 * Offers @session to the server in the handshake, to resume it. Call it
 * before the handshake; [method@Gossl.Connection.session_reused] tells afterwards
 * whether the server took it (if not, a full handshake was done).
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_FAILED when
 *   OpenSSL refuses the session for this connection
 *
 * Since: 0.1
 */
gboolean
gossl_connection_set_session (GosslConnection  *self,
                              GosslSession     *session,
                              GError          **error)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (GOSSL_IS_SESSION (session), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!connection_ready (self, error))
    return FALSE;

  if (!gossl_connection_check_idle (self, "set_session", error))
    return FALSE;
  ERR_clear_error ();
  /* OpenSSL takes its own reference. */
  if (SSL_set_session (self->ssl, gossl_session_get_native (session)) != 1)
    {
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not set the session");
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_connection_session_reused:
 * @self: a [class@Gossl.Connection]
 *
 * Whether the handshake resumed a session (given with
 * [method@Gossl.Connection.set_session] on a client) instead of doing a full one.
 *
 * Returns: %TRUE when the session was resumed
 *
 * Since: 0.1
 */
gboolean
gossl_connection_session_reused (GosslConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), FALSE);
  if (!connection_ready (self, NULL))
    return FALSE;

  return SSL_session_reused (self->ssl) == 1;
}

/* --- The handshake's outcome, as GIO names it ------------------------------- */

/**
 * gossl_connection_get_peer_certificate_errors: (get-property peer-certificate-errors)
 * @self: a [class@Gossl.Connection]
 *
 * What is wrong with the certificate the peer presented in the last
 * handshake, as its verification found it: every problem met anywhere in
 * the chain (%G_TLS_CERTIFICATE_UNKNOWN_CA for a certificate no trusted CA
 * signed, %G_TLS_CERTIFICATE_BAD_IDENTITY for one that is not for the name
 * given to [method@Gossl.Connection.set_verify_hostname], %G_TLS_CERTIFICATE_EXPIRED
 * ...), whether the handshake failed for them
 * (%GOSSL_SSL_ERROR_BAD_CERTIFICATE) or went on (%GOSSL_VERIFY_NONE, or a
 * [signal@Gossl.Context::verify] handler that accepted them). A client with
 * %GOSSL_VERIFY_NONE checks the server's certificate against the CAs the
 * context was given only: the system's are not loaded for it.
 *
 * Returns: the problems; 0 when there were none, or before the handshake
 *
 * Since: 0.2
 */
GTlsCertificateFlags
gossl_connection_get_peer_certificate_errors (GosslConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), 0);
  if (!connection_ready (self, NULL))
    return 0;

  /* A resumed session was verified by an earlier connection. */
  return self->peer_errors | gossl_certificate_flags_from_verify_error (SSL_get_verify_result (self->ssl));
}

/**
 * gossl_connection_get_tls_protocol_version: (get-property protocol-version)
 * @self: a [class@Gossl.Connection]
 *
 * The protocol version the handshake agreed on, as GIO names it:
 * [method@Gossl.Connection.get_protocol_version] gives OpenSSL's number.
 *
 * Returns: the version, or %G_TLS_PROTOCOL_VERSION_UNKNOWN before the
 *   handshake
 *
 * Since: 0.2
 */
GTlsProtocolVersion
gossl_connection_get_tls_protocol_version (GosslConnection *self)
{
  return gossl_protocol_version_from_native (gossl_connection_get_protocol_version (self));
}

/**
 * gossl_connection_get_ciphersuite_name: (get-property ciphersuite-name)
 * @self: a [class@Gossl.Connection]
 *
 * The IANA name of the cipher suite the handshake agreed on, such as
 * "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", as GIO's
 * [method@Gio.TlsConnection.get_ciphersuite_name] gives it
 * ([method@Gossl.Connection.get_cipher_name] gives OpenSSL's name).
 *
 * Returns: (transfer none) (nullable): the name, or %NULL before the
 *   handshake
 *
 * Since: 0.2
 */
const char *
gossl_connection_get_ciphersuite_name (GosslConnection *self)
{
  const SSL_CIPHER *cipher;

  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), NULL);
  if (!connection_ready (self, NULL))
    return NULL;

  cipher = SSL_get_current_cipher (self->ssl);
  return cipher != NULL ? SSL_CIPHER_standard_name (cipher) : NULL;
}

/**
 * gossl_connection_get_negotiated_protocol: (get-property negotiated-protocol)
 * @self: a [class@Gossl.Connection]
 *
 * The application protocol the handshake agreed on (ALPN), as
 * [method@Gossl.Connection.get_alpn_proto_negotiated] gives it.
 *
 * Returns: (transfer none) (nullable): the protocol, valid until the next
 *   handshake, or %NULL when none was agreed on (or before the handshake)
 *
 * Since: 0.2
 */
const char *
gossl_connection_get_negotiated_protocol (GosslConnection *self)
{
  g_autofree char *now = NULL;

  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), NULL);

  now = gossl_connection_get_alpn_proto_negotiated (self);
  /* The string handed out stays valid as long as the answer does. */
  if (g_strcmp0 (now, self->negotiated_protocol) != 0)
    {
      g_free (self->negotiated_protocol);
      self->negotiated_protocol = g_steal_pointer (&now);
    }
  return self->negotiated_protocol;
}

/**
 * gossl_connection_get_shutdown:
 * @self: a [class@Gossl.Connection]
 *
 * Which close_notify alerts were sent and received (`SSL_get_shutdown()`).
 *
 * Returns: the shutdown state
 *
 * Since: 0.2
 */
GosslShutdownState
gossl_connection_get_shutdown (GosslConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), GOSSL_SHUTDOWN_NONE);
  if (!connection_ready (self, NULL))
    return GOSSL_SHUTDOWN_NONE;

  return (GosslShutdownState) SSL_get_shutdown (self->ssl);
}

/**
 * gossl_connection_set_shutdown:
 * @self: a [class@Gossl.Connection]
 * @state: the shutdown state to record
 *
 * Records close_notify alerts as sent or received without sending or
 * reading any (`SSL_set_shutdown()`); what
 * [method@Gossl.Connection.get_shutdown] returns afterwards.
 *
 * Since: 0.2
 */
void
gossl_connection_set_shutdown (GosslConnection    *self,
                               GosslShutdownState  state)
{
  g_return_if_fail (GOSSL_IS_CONNECTION (self));
  if (!connection_ready (self, NULL))
    return;

  SSL_set_shutdown (self->ssl, (int) state);
}

/* --- Per-connection settings, client CA names, handshake secrets ---------- */

/**
 * gossl_connection_set_client_ca_list:
 * @self: a [class@Gossl.Connection]
 * @names: (array length=n_names): the CA names
 * @n_names: the number of @names
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets the CA names this server sends when it asks for a client
 * certificate, instead of its context's (see
 * [method@Gossl.Context.set_client_ca_list]). The connection keeps copies.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_INVALID_ARGUMENT
 *   when an element of @names is %NULL
 *
 * Since: 0.2
 */
gboolean
gossl_connection_set_client_ca_list (GosslConnection       *self,
                                     GosslX509Name * const *names,
                                     guint                  n_names,
                                     GError               **error)
{
  STACK_OF (X509_NAME) *stack;

  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (names != NULL || n_names == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!connection_ready (self, error))
    return FALSE;

  stack = gossl_x509_name_stack_new (names, n_names, error);
  if (stack == NULL)
    return FALSE;
  SSL_set_client_CA_list (self->ssl, stack);
  return TRUE;
}

/**
 * gossl_connection_get_client_ca_list:
 * @self: a [class@Gossl.Connection]
 *
 * The CA names of client certificate requests (`SSL_get_client_CA_list()`):
 * on a server those it sends (its own, or else its context's); on a client
 * those the server sent, once the server asked for a certificate.
 *
 * Returns: (transfer container) (element-type GosslX509Name): the names,
 *   maybe none
 *
 * Since: 0.2
 */
GPtrArray *
gossl_connection_get_client_ca_list (GosslConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), NULL);
  if (!connection_ready (self, NULL))
    return g_ptr_array_new_with_free_func (g_object_unref);

  return gossl_x509_name_stack_wrap (SSL_get_client_CA_list (self->ssl));
}

/**
 * gossl_connection_use_certificate:
 * @self: a [class@Gossl.Connection]
 * @cert: the certificate
 * @error: return location for a [struct@GLib.Error]
 *
 * Uses @cert as this side's certificate on this connection instead of its
 * context's (see [method@Gossl.Context.use_certificate]).
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_FAILED when @cert
 *   holds no certificate or OpenSSL refuses it
 *
 * Since: 0.2
 */
gboolean
gossl_connection_use_certificate (GosslConnection  *self,
                                  GosslX509        *cert,
                                  GError          **error)
{
  X509 *x509;

  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (GOSSL_IS_X509 (cert), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!connection_ready (self, error))
    return FALSE;

  x509 = gossl_x509_get_native (cert);
  ERR_clear_error ();
  if (x509 == NULL || SSL_use_certificate (self->ssl, x509) != 1)
    {
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not use the certificate");
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_connection_use_privatekey:
 * @self: a [class@Gossl.Connection]
 * @pkey: the private key
 * @error: return location for a [struct@GLib.Error]
 *
 * Uses @pkey as this side's private key on this connection instead of its
 * context's (see [method@Gossl.Context.use_privatekey]). A key that does not
 * match the connection's certificate is refused.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_INVALID_ARGUMENT
 *   when @pkey holds no key, or %GOSSL_SSL_ERROR_FAILED when it does not
 *   match the certificate ("key values mismatch" among
 *   [func@Gossl.error_get_openssl_errors])
 *
 * Since: 0.2
 */
gboolean
gossl_connection_use_privatekey (GosslConnection  *self,
                                 GosslPKey        *pkey,
                                 GError          **error)
{
  EVP_PKEY *native;

  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (GOSSL_IS_PKEY (pkey), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!connection_ready (self, error))
    return FALSE;

  native = gossl_pkey_get_native (pkey);
  if (native == NULL)
    {
      gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT,
                       "The key object holds no key");
      return FALSE;
    }
  ERR_clear_error ();
  if (SSL_use_PrivateKey (self->ssl, native) != 1)
    {
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not use the private key");
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_connection_get_certificate:
 * @self: a [class@Gossl.Connection]
 *
 * This side's own certificate: the one given to
 * [method@Gossl.Connection.use_certificate], or else its context's.
 *
 * Returns: (transfer full) (nullable): the certificate, or %NULL when there
 *   is none
 *
 * Since: 0.2
 */
GosslX509 *
gossl_connection_get_certificate (GosslConnection *self)
{
  X509 *x509;

  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), NULL);
  if (!connection_ready (self, NULL))
    return NULL;

  x509 = SSL_get_certificate (self->ssl);
  if (x509 == NULL)
    return NULL;
  X509_up_ref (x509);
  return gossl_x509_new_from_native (x509);
}

/**
 * gossl_connection_set_verify:
 * @self: a [class@Gossl.Connection]
 * @mode: the verification mode
 *
 * Sets how this connection verifies its peer, instead of the mode of its
 * context (see [method@Gossl.Context.set_verify]). Each certificate is
 * decided by the connection's [signal@Gossl.Connection::verify] handler if
 * it has one, else by its context's [signal@Gossl.Context::verify]. Neither [method@Gossl.Connection.set_connect_state] nor
 * [method@Gossl.Connection.set_accept_state] changes it afterwards.
 *
 * Since: 0.2
 */
void
gossl_connection_set_verify (GosslConnection *self,
                             GosslVerifyMode  mode)
{
  g_return_if_fail (GOSSL_IS_CONNECTION (self));
  if (!connection_ready (self, NULL))
    return;

  self->verify_explicit = TRUE;
  /* NULL keeps the context's callback, the one that emits ::verify. */
  SSL_set_verify (self->ssl, (int) mode, NULL);
}

/**
 * gossl_connection_get_verify_mode:
 * @self: a [class@Gossl.Connection]
 *
 * How this connection verifies its peer: the mode given to
 * [method@Gossl.Connection.set_verify], or else the one it took from its
 * context.
 *
 * Returns: the verification mode
 *
 * Since: 0.2
 */
GosslVerifyMode
gossl_connection_get_verify_mode (GosslConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), GOSSL_VERIFY_NONE);
  if (!connection_ready (self, NULL))
    return GOSSL_VERIFY_NONE;

  return (GosslVerifyMode) SSL_get_verify_mode (self->ssl);
}

/**
 * gossl_connection_get_total_renegotiations:
 * @self: a [class@Gossl.Connection]
 *
 * How many renegotiations this connection started or accepted
 * (`SSL_total_renegotiations()`; TLS 1.2 and earlier: see
 * [method@Gossl.Connection.renegotiate]).
 *
 * Returns: the number, 0 before any
 *
 * Since: 0.2
 */
glong
gossl_connection_get_total_renegotiations (GosslConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), 0);
  if (!connection_ready (self, NULL))
    return 0;

  return SSL_total_renegotiations (self->ssl);
}

/**
 * gossl_connection_peek:
 * @self: a [class@Gossl.Connection]
 * @bufsize: the most bytes to return
 * @error: return location for a [struct@GLib.Error]
 *
 * Receives data as [method@Gossl.Connection.recv] does, but leaves it to be
 * received again (`SSL_peek_ex()`): the next peek or receive returns the
 * same bytes first. It fails as [method@Gossl.Connection.recv] does.
 *
 * Returns: (transfer full): the bytes, or %NULL with @error set
 *
 * Since: 0.2
 */
GByteArray *
gossl_connection_peek (GosslConnection  *self,
                       gsize             bufsize,
                       GError          **error)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (!connection_ready (self, error))
    return NULL;

  return receive_bytes (self, "peek", bufsize, TRUE, error);
}

gboolean
gossl_connection_has_verify_handler (GosslConnection *self)
{
  return g_signal_has_handler_pending (self, signals[SIGNAL_VERIFY], 0, FALSE);
}

gboolean
gossl_connection_emit_verify (GosslConnection *self,
                              GosslX509       *certificate,
                              int              errnum,
                              int              depth,
                              gboolean         ok)
{
  gboolean accepted = FALSE;

  g_signal_emit (self, signals[SIGNAL_VERIFY], 0, certificate, errnum, depth, ok, &accepted);
  return accepted;
}

/* --- OCSP stapling, exported keys, DTLS ------------------------------------ */

/**
 * gossl_connection_request_ocsp:
 * @self: a client [class@Gossl.Connection]
 * @error: return location for a [struct@GLib.Error]
 *
 * Asks the server, in the next handshake, for the status of its certificate
 * (OCSP stapling, the status_request extension of RFC 6066). The server's
 * [signal@Gossl.Context::ocsp-status-request] handlers supply it, the
 * client's [signal@Gossl.Context::ocsp-status-response] handlers judge it.
 * Call it before the handshake.
 *
 * Returns: %TRUE on success; %FALSE with @error set when called from inside
 *   one of the connection's own handlers
 *
 * Since: 0.2
 */
gboolean
gossl_connection_request_ocsp (GosslConnection  *self,
                               GError          **error)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!connection_ready (self, error) ||
      !gossl_connection_check_idle (self, "request_ocsp", error))
    return FALSE;

  ERR_clear_error ();
  if (SSL_set_tlsext_status_type (self->ssl, TLSEXT_STATUSTYPE_ocsp) != 1)
    {
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not request the certificate status");
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_connection_export_keying_material:
 * @self: a [class@Gossl.Connection]
 * @label: the label telling what the keys are for (RFC 5705)
 * @length: how many bytes to make
 * @context: (nullable): a context value mixed in; %NULL for none (which
 *   differs from an empty one)
 * @error: return location for a [struct@GLib.Error]
 *
 * Derives keying material for the application from the connection's
 * secrets (RFC 5705, RFC 8446 section 7.5): both ends of a connection get
 * the same bytes for the same @label, @length and @context.
 *
 * Returns: (transfer full): @length bytes, or %NULL with @error set
 *   (%GOSSL_SSL_ERROR_FAILED before the handshake completed;
 *   %GOSSL_SSL_ERROR_INVALID_ARGUMENT for a length over %G_MAXINT)
 *
 * Since: 0.2
 */
GBytes *
gossl_connection_export_keying_material (GosslConnection  *self,
                                         const char       *label,
                                         gsize             length,
                                         GBytes           *context,
                                         GError          **error)
{
  g_autofree guint8 *out = NULL;
  const guint8 *context_data = NULL;
  gsize context_len = 0;

  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (label != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (!connection_ready (self, error))
    return NULL;

  if (length > G_MAXINT)
    {
      gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT,
                       "Cannot export %" G_GSIZE_FORMAT " bytes of keying material", length);
      return NULL;
    }
  if (context != NULL)
    context_data = g_bytes_get_data (context, &context_len);
  out = g_try_malloc (MAX (length, 1));
  if (out == NULL)
    {
      gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                       "Out of memory for %" G_GSIZE_FORMAT " bytes of keying material", length);
      return NULL;
    }
  ERR_clear_error ();
  /* OpenSSL checks that the handshake is over. */
  if (SSL_export_keying_material (self->ssl, out, length, label, strlen (label),
                                  context_data, context_len, context != NULL) != 1)
    {
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not export keying material (is the handshake done?)");
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&out), length);
}

typedef size_t (*HelloRandomGetter) (const SSL *ssl, unsigned char *out, size_t outlen);

static GBytes *
hello_random (GosslConnection *self, HelloRandomGetter getter)
{
  unsigned char random[SSL3_RANDOM_SIZE];
  size_t len;

  if (!connection_ready (self, NULL) || SSL_get_session (self->ssl) == NULL)
    return NULL;
  len = getter (self->ssl, random, sizeof random);
  return len > 0 ? g_bytes_new (random, len) : NULL;
}

/**
 * gossl_connection_get_client_random:
 * @self: a [class@Gossl.Connection]
 *
 * The random value of the client's hello in the current handshake.
 *
 * Returns: (transfer full) (nullable): 32 bytes, or %NULL when no handshake
 *   has started
 *
 * Since: 0.2
 */
GBytes *
gossl_connection_get_client_random (GosslConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), NULL);
  return hello_random (self, SSL_get_client_random);
}

/**
 * gossl_connection_get_server_random:
 * @self: a [class@Gossl.Connection]
 *
 * The random value of the server's hello in the current handshake.
 *
 * Returns: (transfer full) (nullable): 32 bytes, or %NULL when no handshake
 *   has started
 *
 * Since: 0.2
 */
GBytes *
gossl_connection_get_server_random (GosslConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), NULL);
  return hello_random (self, SSL_get_server_random);
}

/**
 * gossl_connection_get_master_key:
 * @self: a [class@Gossl.Connection]
 *
 * The master secret of the connection's session (TLS 1.2 and earlier; for
 * TLS 1.3, the resumption master secret, which OpenSSL keeps in its place).
 * Anyone who has it can decrypt the connection.
 *
 * Returns: (transfer full) (nullable): the secret, or %NULL when the
 *   connection has no session yet, or its session no secret (a TLS 1.3
 *   client until it reads the server's session ticket, which comes after
 *   the handshake)
 *
 * Since: 0.2
 */
GBytes *
gossl_connection_get_master_key (GosslConnection *self)
{
  unsigned char key[SSL_MAX_MASTER_KEY_LENGTH];
  SSL_SESSION *session;
  size_t len;

  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), NULL);
  if (!connection_ready (self, NULL))
    return NULL;

  session = SSL_get_session (self->ssl);
  if (session == NULL)
    return NULL;
  len = SSL_SESSION_get_master_key (session, key, sizeof key);
  return len > 0 ? g_bytes_new (key, len) : NULL;
}

static gboolean
check_dtls (GosslConnection *self, const char *call, GError **error)
{
  if (!connection_ready (self, error))
    return FALSE;
  if (SSL_is_dtls (self->ssl))
    return TRUE;
  gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT,
                   "%s() needs a DTLS connection (a context made with a DTLS method)", call);
  return FALSE;
}

/**
 * gossl_connection_dtls_listen:
 * @self: a DTLS server [class@Gossl.Connection]
 * @error: return location for a [struct@GLib.Error]
 *
 * Waits statelessly for a client's hello that carries a valid cookie
 * (`DTLSv1_listen()`): answers other hellos with a HelloVerifyRequest
 * holding a cookie from the [signal@Gossl.Context::generate-cookie]
 * handler, and checks the cookie of a hello with the
 * [signal@Gossl.Context::verify-cookie] handler. This keeps a server from
 * doing work, or sending much, for a forged source address. Once it
 * succeeds, go on with [method@Gossl.Connection.do_handshake].
 *
 * Returns: %TRUE when a hello with a valid cookie came; %FALSE with
 *   %GOSSL_SSL_ERROR_WANT_READ when none did yet (call again when more
 *   arrived), %GOSSL_SSL_ERROR_INVALID_ARGUMENT for a TLS connection, or
 *   another %GOSSL_SSL_ERROR
 *
 * Since: 0.2
 */
gboolean
gossl_connection_dtls_listen (GosslConnection  *self,
                              GError          **error)
{
  BIO_ADDR *client;
  int ret;

  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!check_dtls (self, "dtls_listen", error))
    return FALSE;

  client = BIO_ADDR_new ();
  if (client == NULL)
    {
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not allocate an address");
      return FALSE;
    }
  if (!begin_io (self, "dtls_listen", error))
    {
      BIO_ADDR_free (client);
      return FALSE;
    }
  ret = DTLSv1_listen (self->ssl, client);
  if (ret == 0)
    gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_WANT_READ,
                     "No hello with a valid cookie yet");
  else if (ret < 0)
    set_io_error (self, ret, "Listening for a DTLS hello", error);
  end_io (self);
  BIO_ADDR_free (client);
  return ret == 1;
}

/**
 * gossl_connection_set_ciphertext_mtu:
 * @self: a DTLS [class@Gossl.Connection]
 * @mtu: the largest datagram payload to send, in bytes, without the IP and
 *   UDP headers
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets the link MTU of a DTLS connection (`SSL_set_mtu()`), and the
 * connection's `SSL_OP_NO_QUERY_MTU` option, so that OpenSSL keeps it
 * instead of asking the transport again. Without it, OpenSSL asks the
 * transport, which only a socket can answer (and gossl's answers nothing:
 * OpenSSL then uses DTLS's minimum); a memory connection needs it.
 *
 * Returns: %TRUE on success; %FALSE with
 *   %GOSSL_SSL_ERROR_INVALID_ARGUMENT for a TLS connection or an MTU below
 *   DTLS's minimum
 *
 * Since: 0.2
 */
gboolean
gossl_connection_set_ciphertext_mtu (GosslConnection  *self,
                                     guint             mtu,
                                     GError          **error)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!check_dtls (self, "set_ciphertext_mtu", error) ||
      !gossl_connection_check_idle (self, "set_ciphertext_mtu", error))
    return FALSE;

  if (mtu > G_MAXINT || SSL_set_mtu (self->ssl, (long) mtu) == 0)
    {
      gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT,
                       "%u is not a usable DTLS MTU", mtu);
      return FALSE;
    }
  SSL_set_options (self->ssl, SSL_OP_NO_QUERY_MTU);
  return TRUE;
}

/**
 * gossl_connection_get_cleartext_mtu:
 * @self: a DTLS [class@Gossl.Connection]
 *
 * How many bytes of application data fit in one datagram of the MTU
 * set with [method@Gossl.Connection.set_ciphertext_mtu], with the cipher in
 * use (`DTLS_get_data_mtu()`).
 *
 * Returns: the number of bytes; 0 for a TLS connection, or before the MTU
 *   and the cipher are known
 *
 * Since: 0.2
 */
guint
gossl_connection_get_cleartext_mtu (GosslConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), 0);
  if (!connection_ready (self, NULL) || !SSL_is_dtls (self->ssl))
    return 0;

  return (guint) DTLS_get_data_mtu (self->ssl);
}

typedef size_t (*FinishedGetter) (const SSL *ssl, void *buf, size_t count);

static GBytes *
finished_message (GosslConnection *self, FinishedGetter getter)
{
  unsigned char buf[EVP_MAX_MD_SIZE];
  size_t len;

  if (!connection_ready (self, NULL))
    return NULL;
  len = getter (self->ssl, buf, sizeof buf);
  return len > 0 ? g_bytes_new (buf, MIN (len, sizeof buf)) : NULL;
}

/**
 * gossl_connection_get_finished:
 * @self: a [class@Gossl.Connection]
 *
 * The verify data of the last Finished message this end sent (what
 * tls-unique channel bindings, RFC 5929, are made of for TLS 1.2).
 *
 * Returns: (transfer full) (nullable): the bytes, or %NULL before any was
 *   sent
 *
 * Since: 0.2
 */
GBytes *
gossl_connection_get_finished (GosslConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), NULL);
  return finished_message (self, SSL_get_finished);
}

/**
 * gossl_connection_get_peer_finished:
 * @self: a [class@Gossl.Connection]
 *
 * The verify data of the last Finished message the peer sent; the peer's
 * [method@Gossl.Connection.get_finished].
 *
 * Returns: (transfer full) (nullable): the bytes, or %NULL before any came
 *
 * Since: 0.2
 */
GBytes *
gossl_connection_get_peer_finished (GosslConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (self), NULL);
  return finished_message (self, SSL_get_peer_finished);
}
