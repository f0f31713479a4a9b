/* gossl-tls-stream.c: TLS over a GIOStream, driven by the main loop
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gossl-tls-private.h"
#include "gossl-reactor.h"

#include <errno.h>
#include <string.h>
#ifdef G_OS_UNIX
#include <sys/socket.h>
#endif

/**
 * GosslTlsStream:
 *
 * A TLS connection over any [class@Gio.IOStream], a [class@Gio.SocketConnection] for example,
 * that never blocks the main loop: a [class@Gio.IOStream] itself, whose input and
 * output streams carry the plaintext and are pollable
 * ([iface@Gio.PollableInputStream], [iface@Gio.PollableOutputStream]), so that
 * [method@Gio.InputStream.read_async], [method@Gio.OutputStream.write_all_async] and the
 * like run on the caller's [struct@GLib.MainContext] without threads. The handshake
 * runs by itself on the first read or write, or explicitly with
 * [method@Gossl.TlsStream.handshake_async]. Every asynchronous call can be
 * cancelled with a [class@Gio.Cancellable]; the synchronous ones block the calling
 * thread instead.
 *
 * OpenSSL works on a memory [class@Gossl.Connection]
 * ([ctor@Gossl.Connection.new_memory]); the stream moves its TLS records to and
 * from the base stream with non-blocking reads and writes, waking up when
 * the base stream is ready. So the [class@Gossl.Context] signals (verify, info,
 * servername, alpn-select) are emitted on the thread that runs the
 * [struct@GLib.MainContext] the asynchronous call was made from: bindings such as GJS,
 * which refuse signals from other threads, can handle them. A handler must
 * not read, write, flush, close or handshake the stream whose handshake
 * emitted the signal: such calls fail with %GOSSL_SSL_ERROR_FAILED, as
 * they do on the connection (see [class@Gossl.Connection]).
 *
 * The base stream's input and output streams must be pollable (those of
 * sockets, pipes and memory streams are). The stream is for one thread at
 * a time (usually the main thread), with at most one read and one write
 * pending, as GIO allows. A write that failed with
 * %G_IO_ERROR_WOULD_BLOCK (from [method@Gio.PollableOutputStream.write_nonblocking])
 * must be repeated with the same data, as with OpenSSL itself.
 *
 * Errors are GIO's (%G_IO_ERROR_CANCELLED, the base stream's) or
 * %GOSSL_SSL_ERROR ones for TLS failures, modelled on [error@Gio.TlsError]: a refused
 * certificate is %GOSSL_SSL_ERROR_BAD_CERTIFICATE, with the reason
 * ("hostname mismatch") in the message and in
 * [func@Gossl.error_get_openssl_errors], and the problems in
 * [property@Gossl.TlsStream:peer-certificate-errors]; a peer that closes the TCP
 * connection without a TLS close_notify ends a read with
 * %GOSSL_SSL_ERROR_EOF, a clean close with 0 bytes.
 * [method@Gio.IOStream.close] and [method@Gio.IOStream.close_async] send the close_notify
 * before closing the base stream.
 *
 * A client stream verifies the server by default, against the system's CAs
 * and the server identity given to [ctor@Gossl.TlsStream.new_client] (see
 * [class@Gossl.Context]). The properties of the handshake's outcome
 * ([property@Gossl.TlsStream:peer-certificate] and the like, GIO's names) are notified
 * when it completes, from the call that completed it.
 *
 * The asynchronous operations of a stream over a [class@Gio.SocketConnection]
 * (one without a timeout) wait in one epoll set per [struct@GLib.MainContext],
 * not in a [struct@GLib.Source] each: a main loop holding thousands of waiting
 * connections polls one descriptor and touches only those that became
 * ready. Their waits run at %G_PRIORITY_DEFAULT, whatever the I/O priority
 * of the call.
 *
 * A program can also let the stream read by itself
 * ([property@Gossl.TlsStream:receiving], [signal@Gossl.TlsStream::received])
 * and send without waiting ([method@Gossl.TlsStream.send_bytes]): one handler
 * for the connection's life instead of an asynchronous call, a callback and
 * a [iface@Gio.AsyncResult] per message, which is what servers in GJS and
 * Python should do (see [Serve many clients](gnome-start.html#serve-many-clients)),
 * and the cheapest way in C too: the stream reads and emits from the main
 * loop's dispatch, with no task per message, a few records at a time so
 * that a peer that keeps sending does not hold up the others.
 *
 * A stream is a [iface@Gio.Initable]: make it with [ctor@Gossl.TlsStream.new] and the
 * like, or g_initable_new(). One made by [ctor@GObject.Object.new] and never
 * initialized fails every call.
 *
 * Code written for GIO's [class@Gio.TlsConnection] (libsoup, a
 * [class@Gio.SocketService] handler) takes a
 * [class@Gossl.TlsClientConnection] or [class@Gossl.TlsServerConnection]
 * instead: the same TLS, made of a stream like this one, with GIO's
 * verification (a [class@Gio.TlsDatabase] and the
 * [signal@Gio.TlsConnection::accept-certificate] signal), properties and
 * errors.
 *
 * Since: 0.1
 */

/* The most plaintext one write encrypts: one TLS record. The ciphertext
 * waiting for the base stream stays under about two records. */
#define RECORD_SIZE 16384

typedef enum {
  OP_HANDSHAKE,
  OP_READ,
  OP_WRITE,
  OP_SHUTDOWN,
} TlsOp;

/* For messages; OP_WRITE of an asynchronous operation is a flush. */
static const char * const op_names[] = { "handshake", "read", "write", "close" };

/* One asynchronous operation: the handshake, a read, a write, a flush or
 * a close. The task owns it; the receiving loop's own (task NULL) is the
 * stream's. */
typedef struct {
  GTask          *task;          /* not a reference: the task owns this */
  GosslTlsStream *stream;        /* a reference, but in receive_wait: a
                                  * read's task holds only the input
                                  * stream, which does not hold the TLS
                                  * stream */
  TlsOp           op;
  gboolean        flush;         /* OP_WRITE sending only what is buffered */
  guint8         *buffer;        /* read into or written from; NULL for a
                                  * read that returns a GBytes */
  gsize           count;
  /* While waiting in the reactor (on stream->waiters): */
  GIOCondition    wait;
  guint64         serial;
  gulong          cancel_handler; /* on the task's cancellable, or 0 */
  GBytes         *bytes;         /* what a read for a GBytes read */
  gboolean        input_pending; /* a read for a GBytes made the input
                                  * stream pending, as GInputStream's own
                                  * reads do */
  GError         *error;         /* a TLS close failure, reported after the base is closed */
} AsyncOp;

struct _GosslTlsStream
{
  GIOStream parent_instance;

  GIOStream       *base_io_stream;
  GInputStream    *base_in;
  GOutputStream   *base_out;
  GosslConnection *connection;   /* memory transport */
  GInputStream    *tls_in;
  GOutputStream   *tls_out;

  /* The records for the base stream wait in the connection's from-BIO
   * until written: no copy of them here. */
  gsize            write_pending; /* plaintext taken by a write whose records wait there */
  gboolean         handshake_done;
  gboolean         shutdown_sent;
  gboolean         base_eof;
  gboolean         closed;
  gboolean         disposing;

  /* What the last operation of each kind that would have blocked waits for. */
  GIOCondition     read_wait;
  GIOCondition     write_wait;

  /* Bumped when an operation changes what another may be waiting for
   * (input fed to OpenSSL, handshake over): sources made before wake up. */
  guint64          serial;

  /* The connection's handshake count when the properties were last
   * notified. */
  guint            handshakes_notified;

  /* The base stream's socket descriptor, polled by the stream's sources
   * directly and read without GSocket (the socket, borrowed from the base
   * stream), or -1 when the base stream's own sources are used. */
  int              fd;
  GSocket         *socket;
  /* The stream's live sources (TlsSource, not referenced): woken by the
   * operations that change what they wait for, so that no source asks
   * OpenSSL anything in every main-loop iteration. */
  GSList          *sources;

  /* With fd: the socket in the epoll set of the main context the
   * asynchronous operations run on, and the operations (AsyncOp) waiting
   * there, which are no GSources: an idle connection costs a main-loop
   * iteration nothing. */
  GosslReactorWatch watch;
  GSList          *waiters;

  /* Edge-triggered reads: the last read of the socket found no more
   * waiting (a short read, or EAGAIN), and the reactor has reported
   * nothing since. Only an operation that waits in the reactor
   * (reading_on_edges) may take that for EAGAIN without asking the
   * kernel; never after a hang-up. A short read says so only of a
   * stream socket (short_read_drains). */
  gboolean         socket_drained;
  gboolean         short_read_drains;
  gboolean         socket_hup;
  gboolean         reading_on_edges;

  /* gossl_tls_stream_set_receiving(): the stream reads by itself on
   * receive_context in receive_pump(), holding a reference to itself and
   * keeping tls_in pending. Waiting, it is receive_wait on waiters (in
   * the reactor), or receive_source (without one); receive_again: it
   * stopped at its budget, and the reactor's next deferred call goes on. */
  gboolean         receiving;
  GMainContext    *receive_context;
  AsyncOp          receive_wait;
  GSource         *receive_source;
  gboolean         receive_again;
  /* gossl_tls_stream_send_bytes(): a flush of its records is under way. */
  gboolean         send_flushing;
};

static void gossl_tls_stream_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GosslTlsStream, gossl_tls_stream, G_TYPE_IO_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      gossl_tls_stream_initable_iface_init))

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_BASE_IO_STREAM,
  PROP_PEER_CERTIFICATE,
  PROP_PEER_CERTIFICATE_ERRORS,
  PROP_PROTOCOL_VERSION,
  PROP_CIPHERSUITE_NAME,
  PROP_NEGOTIATED_PROTOCOL,
  PROP_RECEIVING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_RECEIVED,
  SIGNAL_ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The check every entry point makes first: a stream made by g_object_new()
 * and never initialized has no base streams. */
static gboolean
stream_ready (GosslTlsStream *self, GError **error)
{
  if (G_LIKELY (self->base_in != NULL))
    return TRUE;
  gossl_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                   "The TLS stream was not initialized: make it with gossl_tls_stream_new() "
                   "or g_initable_new()");
  return FALSE;
}

/* --- Moving records ------------------------------------------------------- */

static gboolean
is_would_block (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
}

/* Drops the first @count bytes of the from-BIO: what a short write took. */
static void
skip_output (BIO *from, gsize count)
{
  guint8 scratch[4096];

  while (count > 0)
    {
      int n = BIO_read (from, scratch, (int) MIN (count, sizeof scratch));

      if (n <= 0)
        break;
      count -= (gsize) n;
    }
}

/* Writes what OpenSSL wrote for the peer to the base stream, straight
 * from the from-BIO's memory. FALSE with G_IO_ERROR_WOULD_BLOCK
 * (non-blocking) when the base stream takes no more now. */
static gboolean
flush_output (GosslTlsStream  *self,
              gboolean         blocking,
              GCancellable    *cancellable,
              GError         **error)
{
  for (;;)
    {
      BIO *from = gossl_connection_get_from_bio (self->connection);
      char *data = NULL;
      long len = BIO_get_mem_data (from, &data);
      gssize n;

      if (len <= 0)
        return TRUE;
      if (blocking)
        n = g_output_stream_write (self->base_out, data, (gsize) len, cancellable, error);
      else
        n = g_pollable_output_stream_write_nonblocking (G_POLLABLE_OUTPUT_STREAM (self->base_out),
                                                        data, (gsize) len, cancellable, error);
      if (n < 0)
        return FALSE;
      if (n < len)
        skip_output (from, (gsize) n);
      else
        gossl_connection_empty_memory_bio (self->connection, FALSE);
    }
}

#define WOULD_BLOCK (-2)

/* A non-blocking read of the socket itself: every read of a waiting
 * connection ends with EAGAIN, for which GSocket makes a GError with a
 * translated message. WOULD_BLOCK without an error then. */
static gssize
receive_from_socket (GosslTlsStream *self, guint8 *buffer, gsize size, GError **error)
{
  gssize n;

  /* Its descriptor's number may be another socket's now. */
  if (g_socket_is_closed (self->socket))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, "Socket is already closed");
      return -1;
    }
  do
    n = recv (self->fd, buffer, size, 0);
  while (n < 0 && errno == EINTR);
  if (n >= 0)
    return n;
  if (errno == EAGAIN || errno == EWOULDBLOCK)
    return WOULD_BLOCK;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "Error receiving data: %s",
               g_strerror (errno));
  return -1;
}

/* Reads from the base stream into OpenSSL. The count read (0 at the end
 * of the stream, which OpenSSL is told); WOULD_BLOCK (non-blocking) when
 * nothing came, without setting @error; or -1 with @error set. */
static gssize
fill_input (GosslTlsStream  *self,
            gboolean         blocking,
            GCancellable    *cancellable,
            GError         **error)
{
  g_autoptr(GError) local = NULL;
  guint8 buffer[RECORD_SIZE + 512];
  gssize n;

  if (blocking)
    n = g_input_stream_read (self->base_in, buffer, sizeof buffer, cancellable, error);
  else if (self->socket != NULL)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return -1;
      /* The socket is in an edge-triggered epoll set: data that came
       * after a short read makes an event, so the read after it, which
       * would fail with EAGAIN, can wait for that event instead, as
       * nginx's ngx_unix_recv() does. A reply to each message then costs
       * one recv() instead of two. */
      if (self->reading_on_edges && self->socket_drained && !self->socket_hup)
        return WOULD_BLOCK;
      n = receive_from_socket (self, buffer, sizeof buffer, error);
      self->socket_drained = n == WOULD_BLOCK ||
                             (self->short_read_drains && n > 0 && (gsize) n < sizeof buffer);
      if (n == WOULD_BLOCK)
        return WOULD_BLOCK;
    }
  else
    {
      n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (self->base_in),
                                                    buffer, sizeof buffer, cancellable, &local);
      if (n < 0 && is_would_block (local))
        return WOULD_BLOCK;
      if (n < 0)
        g_propagate_error (error, g_steal_pointer (&local));
    }
  if (n < 0)
    return n;
  if (n == 0)
    {
      self->base_eof = TRUE;
      gossl_connection_bio_shutdown (self->connection, NULL);
    }
  else if (gossl_connection_bio_write (self->connection, buffer, (gsize) n, error) < 0)
    return -1;
  self->serial++;
  return n;
}

static void
note_progress (GosslTlsStream *self)
{
  guint handshakes = gossl_connection_get_handshake_count (self->connection);

  if (!self->handshake_done &&
      SSL_is_init_finished (gossl_connection_get_native (self->connection)))
    {
      self->handshake_done = TRUE;
      self->serial++;
      /* Only handshake failures name the peer: nothing to keep. */
      gossl_connection_set_peer_address (self->connection, NULL);
    }
  if (G_UNLIKELY (handshakes != self->handshakes_notified))
    {
      GObject *object = G_OBJECT (self);

      self->handshakes_notified = handshakes;
      g_object_freeze_notify (object);
      g_object_notify_by_pspec (object, properties[PROP_PEER_CERTIFICATE]);
      g_object_notify_by_pspec (object, properties[PROP_PEER_CERTIFICATE_ERRORS]);
      g_object_notify_by_pspec (object, properties[PROP_PROTOCOL_VERSION]);
      g_object_notify_by_pspec (object, properties[PROP_CIPHERSUITE_NAME]);
      g_object_notify_by_pspec (object, properties[PROP_NEGOTIATED_PROTOCOL]);
      g_object_thaw_notify (object);
    }
}

/* An operation that would block: with @would_block, said there, without
 * making a GError (the asynchronous operations, which meet it at every
 * message); otherwise G_IO_ERROR_WOULD_BLOCK, @local's if there is one. */
static gssize
fail_would_block (GError **local, gboolean *would_block, GError **error)
{
  if (would_block != NULL)
    {
      *would_block = TRUE;
      g_clear_error (local);
    }
  else if (local != NULL && *local != NULL)
    g_propagate_error (error, g_steal_pointer (local));
  else
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK, "Operation would block");
  return -1;
}

/* Runs one TLS operation: the handshake, a read into @buffer, a write of
 * @buffer, or sending close_notify. Blocking, it waits on the base stream
 * until done. Non-blocking, it fails with G_IO_ERROR_WOULD_BLOCK (or
 * *@would_block TRUE, see fail_would_block()) and sets @wait to what the
 * base stream must become (readable, writable) for a retry to get
 * further. Returns the count read or written (0 for the others; 0 for a
 * read at the peer's close_notify), or -1. */
static gssize
run_op_once (GosslTlsStream  *self,
             TlsOp            op,
             guint8          *buffer,
             gsize            count,
             gboolean         blocking,
             GIOCondition    *wait,
             gboolean        *would_block,
             GCancellable    *cancellable,
             GError         **error)
{
  for (;;)
    {
      g_autoptr(GError) local = NULL;
      gboolean out_blocked = FALSE;
      gboolean want_read = FALSE;
      gssize result = -1;

      if (!stream_ready (self, error) ||
          g_cancellable_set_error_if_cancelled (cancellable, error))
        return -1;
      /* From a handler of the connection's signals: before any record
       * moves under the OpenSSL call that emitted it. */
      if (!gossl_connection_check_idle (self->connection, op_names[op], error))
        return -1;
      if (self->closed)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, "The stream is closed");
          return -1;
        }

      /* Earlier records go out first, and a writer does not get ahead of
       * a slow peer; a reader goes on, since the peer may be waiting for
       * us to read before it reads itself. */
      if (!flush_output (self, blocking, cancellable, &local))
        {
          if (!is_would_block (local))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return -1;
            }
          if (op != OP_READ)
            {
              *wait = G_IO_OUT;
              return fail_would_block (&local, would_block, error);
            }
          g_clear_error (&local);
          out_blocked = TRUE;
        }
      if (op == OP_WRITE && self->write_pending > 0)
        {
          /* The records of the plaintext taken before are out now. */
          result = (gssize) self->write_pending;
          self->write_pending = 0;
          return result;
        }

      switch (op)
        {
        case OP_HANDSHAKE:
          result = gossl_connection_handshake_or_want_read (self->connection, &want_read,
                                                            &local) ? 0 : -1;
          break;
        case OP_READ:
          result = count == 0 ? 0 :
                   gossl_connection_recv_or_want_read (self->connection, buffer, count,
                                                       &want_read, &local);
          break;
        case OP_WRITE:
          result = gossl_connection_send (self->connection, buffer, MIN (count, RECORD_SIZE),
                                          &local);
          break;
        case OP_SHUTDOWN:
          if (!self->shutdown_sent)
            {
              /* Ours sent, the peer's not read, is all a close waits
               * for. */
              gossl_connection_shutdown (self->connection, &local);
              if (local == NULL)
                self->shutdown_sent = TRUE;
            }
          result = local == NULL ? 0 : -1;
          break;
        default:
          g_assert_not_reached ();
        }
      note_progress (self);

      if (result >= 0)
        {
          if (flush_output (self, blocking, cancellable, &local))
            return result;
          if (!is_would_block (local))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return -1;
            }
          /* The data is OpenSSL's now; a read does not wait for writes. */
          if (op == OP_READ)
            return result;
          if (op == OP_WRITE)
            self->write_pending = (gsize) result;
          *wait = G_IO_OUT;
          return fail_would_block (&local, would_block, error);
        }

      if (op == OP_READ && g_error_matches (local, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_ZERO_RETURN))
        return 0;

      if (want_read || g_error_matches (local, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_WANT_READ))
        {
          gssize n;

          g_clear_error (&local);
          if (self->base_eof)
            {
              /* OpenSSL was told; it should not ask again. */
              gossl_connection_set_eof_error (self->connection, error);
              return -1;
            }
          /* What OpenSSL wrote before it asked to read (a ClientHello)
           * goes out before we wait for the answer. */
          if (!flush_output (self, blocking, cancellable, &local))
            {
              if (!is_would_block (local))
                {
                  g_propagate_error (error, g_steal_pointer (&local));
                  return -1;
                }
              g_clear_error (&local);
              out_blocked = TRUE;
            }
          n = fill_input (self, blocking, cancellable, error);
          if (n >= 0)
            continue;
          if (n != WOULD_BLOCK)
            return -1;
          *wait = G_IO_IN | (out_blocked ? G_IO_OUT : 0);
          return fail_would_block (NULL, would_block, error);
        }

      /* A TLS failure: send the alert OpenSSL wrote, if the base stream
       * takes it now. */
      if (G_IS_POLLABLE_OUTPUT_STREAM (self->base_out))
        flush_output (self, FALSE, NULL, NULL);
      g_propagate_error (error, g_steal_pointer (&local));
      return -1;
    }
}

/* --- Sources -------------------------------------------------------------- */

/* A source with no prepare or check: ready when the base stream's
 * descriptor (or the base stream's own source, a child) is, or when the
 * stream sets its ready time because an operation changed what it waits
 * for. Nothing runs for it in the main-loop iterations in between. */
typedef struct {
  GSource         source;
  GosslTlsStream *stream;    /* a reference */
  GObject        *pollable;  /* a reference to the stream handed to a
                              * GPollableSourceFunc; NULL for the
                              * stream's own asynchronous operations */
  GIOCondition    condition;
  guint64         serial;
} TlsSource;

/* Whether an operation waiting for @condition can get further without the
 * base stream: decrypted data or unread records are waiting, or another
 * operation changed the state since the source was made. */
static gboolean
ready_inside (GosslTlsStream *self, GIOCondition condition, guint64 serial)
{
  if (self->serial != serial || self->closed)
    return TRUE;
  if (condition & G_IO_IN)
    return SSL_pending (gossl_connection_get_native (self->connection)) > 0 ||
           BIO_ctrl_pending (gossl_connection_get_into_bio (self->connection)) > 0 ||
           self->base_eof;
  return FALSE;
}

static void
tls_source_arm (TlsSource *ts)
{
  if (ready_inside (ts->stream, ts->condition, ts->serial))
    g_source_set_ready_time ((GSource *) ts, 0);
}

static void wake_waiters (GosslTlsStream *self);

/* After every operation: the few sources of the stream whose operation
 * can now get further become ready, and so do the operations waiting in
 * the reactor. */
static void
wake_sources (GosslTlsStream *self)
{
  for (GSList *l = self->sources; l != NULL; l = l->next)
    tls_source_arm (l->data);
  if (self->waiters != NULL)
    wake_waiters (self);
}

static gboolean
tls_source_dispatch (GSource *source, GSourceFunc callback, gpointer user_data)
{
  TlsSource *ts = (TlsSource *) source;
  gboolean again;

  /* Ready once per change: a callback that keeps the source without
   * taking what is there is called again only if it is still there. */
  g_source_set_ready_time (source, -1);
  ts->serial = ts->stream->serial;
  if (callback == NULL)
    return G_SOURCE_CONTINUE;
  if (ts->pollable != NULL)
    again = ((GPollableSourceFunc) (void (*) (void)) callback) (ts->pollable, user_data);
  else
    again = callback (user_data);
  if (again)
    tls_source_arm (ts);
  return again;
}

static void
tls_source_finalize (GSource *source)
{
  TlsSource *ts = (TlsSource *) source;

  ts->stream->sources = g_slist_remove (ts->stream->sources, ts);
  g_clear_object (&ts->pollable);
  g_clear_object (&ts->stream);
}

/* For g_source_set_closure(), which g_source_set_dummy_callback() uses on
 * child sources. */
static gboolean
tls_source_closure_callback (gpointer data)
{
  GClosure *closure = data;
  GValue result = G_VALUE_INIT;
  gboolean again;

  g_value_init (&result, G_TYPE_BOOLEAN);
  g_closure_invoke (closure, &result, 0, NULL, NULL);
  again = g_value_get_boolean (&result);
  g_value_unset (&result);
  return again;
}

/* The same for a source handed out by create_source(), whose callbacks
 * are GPollableSourceFuncs taking the pollable stream. */
static gboolean
tls_pollable_source_closure_callback (GObject *pollable, gpointer data)
{
  GClosure *closure = data;
  GValue param = G_VALUE_INIT;
  GValue result = G_VALUE_INIT;
  gboolean again;

  g_value_init (&result, G_TYPE_BOOLEAN);
  g_value_init (&param, G_TYPE_OBJECT);
  g_value_set_object (&param, pollable);
  g_closure_invoke (closure, &result, 1, &param, NULL);
  again = g_value_get_boolean (&result);
  g_value_unset (&param);
  g_value_unset (&result);
  return again;
}

static GSourceFuncs tls_source_funcs = {
  NULL,
  NULL,
  tls_source_dispatch,
  tls_source_finalize,
  tls_source_closure_callback,
  NULL,
};

static GSourceFuncs tls_pollable_source_funcs = {
  NULL,
  NULL,
  tls_source_dispatch,
  tls_source_finalize,
  (GSourceFunc) (void (*) (void)) tls_pollable_source_closure_callback,
  NULL,
};

static void
add_child (GSource *parent, GSource *child)
{
  g_source_set_dummy_callback (child);
  g_source_add_child_source (parent, child);
  g_source_unref (child);
}

/* A source that fires when an operation that would block waiting for
 * @condition may get further; with @cancellable, also when it is
 * cancelled. With @pollable, its callback is a GPollableSourceFunc
 * given @pollable. */
static GSource *
tls_source_new (GosslTlsStream *self,
                GObject        *pollable,
                GIOCondition    condition,
                GCancellable   *cancellable)
{
  GSource *source = g_source_new (pollable != NULL ? &tls_pollable_source_funcs : &tls_source_funcs,
                                  sizeof (TlsSource));
  TlsSource *ts = (TlsSource *) source;

  g_source_set_static_name (source, "GosslTlsStream");
  ts->stream = g_object_ref (self);
  ts->pollable = pollable != NULL ? g_object_ref (pollable) : NULL;
  ts->condition = condition;
  ts->serial = self->serial;
#ifdef G_OS_UNIX
  if (self->fd >= 0)
    g_source_add_unix_fd (source, self->fd, condition | G_IO_HUP | G_IO_ERR);
  else
#endif
    {
      if (condition & G_IO_IN)
        add_child (source,
                   g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (self->base_in),
                                                          NULL));
      if (condition & G_IO_OUT)
        add_child (source,
                   g_pollable_output_stream_create_source (G_POLLABLE_OUTPUT_STREAM (self->base_out),
                                                           NULL));
    }
  if (cancellable != NULL)
    add_child (source, g_cancellable_source_new (cancellable));
  self->sources = g_slist_prepend (self->sources, ts);
  tls_source_arm (ts);
  return source;
}

/* One TLS operation (run_op_once()), after which the into-BIO lets go of
 * a grown buffer it no longer needs and the sources waiting for what the
 * operation changed wake up. */
static gssize
run_op (GosslTlsStream  *self,
        TlsOp            op,
        guint8          *buffer,
        gsize            count,
        gboolean         blocking,
        GIOCondition    *wait,
        gboolean        *would_block,
        GCancellable    *cancellable,
        GError         **error)
{
  gssize result = run_op_once (self, op, buffer, count, blocking, wait, would_block, cancellable,
                               error);

  if (self->base_in == NULL)
    return result;
  /* Not under a handler of the connection's signals, whose OpenSSL call
   * still reads the BIO. */
  if (!self->base_eof &&
      BIO_ctrl_pending (gossl_connection_get_into_bio (self->connection)) == 0 &&
      gossl_connection_check_idle (self->connection, op_names[op], NULL))
    gossl_connection_empty_memory_bio (self->connection, TRUE);
  wake_sources (self);
  return result;
}

static gboolean
is_ready (GosslTlsStream *self, GIOCondition condition)
{
  /* Not initialized: ready, for the operation to report it. */
  if (!stream_ready (self, NULL))
    return TRUE;
  if (ready_inside (self, condition, self->serial))
    return TRUE;
  if ((condition & G_IO_IN) &&
      g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (self->base_in)))
    return TRUE;
  if ((condition & G_IO_OUT) &&
      g_pollable_output_stream_is_writable (G_POLLABLE_OUTPUT_STREAM (self->base_out)))
    return TRUE;
  return FALSE;
}

/* --- Asynchronous operations --------------------------------------------------- */

static void
async_op_free (AsyncOp *data)
{
  g_clear_error (&data->error);
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_clear_object (&data->stream);
  g_free (data);
}

static void async_step (GTask *task);
static void receive_pump (GosslTlsStream *self);

static gboolean
async_source_ready (gpointer user_data)
{
  async_step (user_data);
  return G_SOURCE_REMOVE;
}

/* Off stream->waiters (if it was there): neither the reactor nor the
 * cancellable steps the operation any more. */
static void
async_unwait (AsyncOp *data)
{
  data->stream->waiters = g_slist_remove (data->stream->waiters, data);
  /* Waits for the handler if another thread is running it. */
  if (data->cancel_handler != 0)
    {
      g_cancellable_disconnect (g_task_get_cancellable (data->task), data->cancel_handler);
      data->cancel_handler = 0;
    }
}

/* On the thread that cancelled: the reactor's next dispatch steps the
 * operation, which sees the cancellation and completes the task. Not a
 * GCancellableSource per wait: GLib 2.74 leaks one that is disposed while
 * another thread's cancellation is still running the handlers of others
 * (it takes a reference for a handler it then disconnects; 23 of 64
 * reads cancelled together, under LeakSanitizer). */
static void
async_cancelled (GCancellable *cancellable, gpointer user_data)
{
  AsyncOp *data = user_data;

  gossl_reactor_watch_defer (&data->stream->watch);
}

/* The reactor's call: the socket became what @condition says (0: the
 * stream's state changed, see wake_sources()). Steps the waiting
 * operations that can get further. */
static void
stream_fd_ready (gpointer user_data, GIOCondition condition)
{
  GosslTlsStream *self = user_data;
  GSList *ready = NULL;
  gboolean pump = FALSE;

  if (condition & (G_IO_HUP | G_IO_ERR))
    {
      self->socket_hup = TRUE;
      condition |= G_IO_IN | G_IO_OUT;
    }
  if (condition & G_IO_IN)
    self->socket_drained = FALSE;
  if (condition == 0 && self->receive_again)
    {
      self->receive_again = FALSE;
      pump = TRUE;
    }
  for (GSList *l = self->waiters; l != NULL; l = l->next)
    {
      AsyncOp *data = l->data;

      if ((data->wait & condition) || ready_inside (self, data->wait, data->serial) ||
          (data->task != NULL && g_cancellable_is_cancelled (g_task_get_cancellable (data->task))))
        ready = g_slist_prepend (ready, data);
    }
  if (ready == NULL && !pump)
    return;
  /* All off the list before any runs: a callback may turn receiving off
   * or on, or close the stream. */
  for (GSList *l = ready; l != NULL; l = l->next)
    {
      if (l->data == &self->receive_wait)
        pump = TRUE;
      async_unwait (l->data);
    }
  /* The last operation to complete may drop the last reference. */
  g_object_ref (self);
  for (GSList *l = ready; l != NULL; l = l->next)
    if (l->data != &self->receive_wait)
      async_step (((AsyncOp *) l->data)->task);
  if (pump)
    receive_pump (self);
  g_slist_free (ready);
  g_object_unref (self);
}

/* The reactor calls stream_fd_ready() in its next dispatch if a waiting
 * operation can get further without the socket: not from here, which is
 * inside another operation. */
static void
wake_waiters (GosslTlsStream *self)
{
  for (GSList *l = self->waiters; l != NULL; l = l->next)
    {
      AsyncOp *data = l->data;

      if (ready_inside (self, data->wait, data->serial))
        {
          gossl_reactor_watch_defer (&self->watch);
          return;
        }
    }
}

/* Whether the stream's socket is in the epoll set of @context's reactor,
 * putting it there the first time. */
static gboolean
watch_on (GosslTlsStream *self, GMainContext *context)
{
  GosslReactor *reactor;
  gboolean on;

  if (self->fd < 0)
    return FALSE;
  if (self->watch.reactor != NULL)
    return self->watch.fd >= 0 && gossl_reactor_watch_is_on (&self->watch, context);
  reactor = gossl_reactor_get (context);
  if (reactor == NULL)
    return FALSE;
  on = gossl_reactor_watch_start (reactor, &self->watch, self->fd, stream_fd_ready, self);
  gossl_reactor_unref (reactor);
  return on;
}

/* An operation that would block waits for the socket to become what
 * @wait says, or for the stream's state to change: in the reactor of the
 * task's context (with a cancellable, a cancellable source beside it),
 * or, without one (another kind of base stream, operations from two
 * contexts, no epoll), in a source of its own. */
static void
async_wait (GosslTlsStream *self, GTask *task, AsyncOp *data, GIOCondition wait)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  GSource *source;

  if (watch_on (self, g_task_get_context (task)))
    {
      data->wait = wait;
      data->serial = self->serial;
      self->waiters = g_slist_prepend (self->waiters, data);
      /* Called at once if it is cancelled already. */
      if (cancellable != NULL)
        data->cancel_handler = g_cancellable_connect (cancellable, G_CALLBACK (async_cancelled),
                                                      data, NULL);
      if (ready_inside (self, wait, data->serial))
        gossl_reactor_watch_defer (&self->watch);
      return;
    }
  source = tls_source_new (self, NULL, wait, cancellable);
  g_task_attach_source (task, source, async_source_ready);
  g_source_unref (source);
}

static void
base_closed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  AsyncOp *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_io_stream_close_finish (G_IO_STREAM (source), result, &error))
    g_task_return_error (task, error);
  else if (data->error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->error));
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/* Whether a failure to send our close_notify matters: not once the peer's
 * came, since the peer may well have closed the transport after it. */
static gboolean
close_error_matters (GosslTlsStream *self)
{
  return !(SSL_get_shutdown (gossl_connection_get_native (self->connection)) &
           SSL_RECEIVED_SHUTDOWN);
}

static void receive_stop (GosslTlsStream *self);

static void
close_substreams (GosslTlsStream *self)
{
  /* Before the input stream closes, which it would refuse while pending. */
  receive_stop (self);
  self->closed = TRUE;
  self->serial++;
  wake_sources (self);
  /* The base stream closes next: its descriptor number may come back as
   * another socket's. */
  gossl_reactor_watch_forget_fd (&self->watch);
  /* Their close functions do nothing, and the flush finds nothing to do. */
  g_input_stream_close (self->tls_in, NULL, NULL);
  g_output_stream_close (self->tls_out, NULL, NULL);
}

/* A read into the operation's buffer, or, for a GBytes, into one on the
 * stack and then a copy the size of what came (GInputStream's
 * read_bytes_async() would keep the whole count allocated for as long as
 * the caller keeps the bytes, which a garbage collector may not hurry). */
static gssize
async_read (GosslTlsStream *self,
            AsyncOp        *data,
            GIOCondition   *wait,
            gboolean       *would_block,
            GCancellable   *cancellable,
            GError        **error)
{
  guint8 scratch[RECORD_SIZE];
  gssize n;

  if (data->buffer != NULL)
    return run_op (self, OP_READ, data->buffer, data->count, FALSE, wait, would_block,
                   cancellable, error);
  n = run_op (self, OP_READ, scratch, MIN (data->count, sizeof scratch), FALSE, wait,
              would_block, cancellable, error);
  if (n >= 0)
    data->bytes = g_bytes_new (scratch, (gsize) n);
  return n;
}

/* Before the task's callback can run: the input stream takes the next
 * read. */
static void
async_done (AsyncOp *data)
{
  if (data->input_pending)
    {
      data->input_pending = FALSE;
      g_input_stream_clear_pending (data->stream->tls_in);
    }
}

/* One step of an asynchronous operation: runs it without blocking, and
 * either completes the task or waits (async_wait()). The task's own
 * reference is held until it completes. */
static void
async_step (GTask *task)
{
  AsyncOp *data = g_task_get_task_data (task);
  GosslTlsStream *self = data->stream;
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;
  GIOCondition wait = 0;
  gboolean would_block = FALSE;
  gssize result = -1;

  /* From a handler of the connection's signals, a close would close the
   * base stream under the handshake that emitted it. */
  if (!gossl_connection_check_idle (self->connection,
                                    data->flush ? "flush" : op_names[data->op],
                                    &error))
    {
      async_done (data);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  self->reading_on_edges = watch_on (self, g_task_get_context (task));
  switch (data->op)
    {
    case OP_HANDSHAKE:
      result = run_op (self, OP_HANDSHAKE, NULL, 0, FALSE, &wait, &would_block, cancellable,
                       &error);
      break;
    case OP_READ:
      result = async_read (self, data, &wait, &would_block, cancellable, &error);
      if (result < 0)
        self->read_wait = wait;
      break;
    case OP_WRITE:
      if (!data->flush)
        {
          result = run_op (self, OP_WRITE, data->buffer, data->count, FALSE, &wait,
                           &would_block, cancellable, &error);
          if (result < 0)
            self->write_wait = wait;
        }
      else if (self->closed)
        result = 0;
      else if (!g_cancellable_set_error_if_cancelled (cancellable, &error))
        {
          result = flush_output (self, FALSE, cancellable, &error) ? 0 : -1;
          would_block = result < 0 && is_would_block (error);
          wait = G_IO_OUT;
        }
      break;
    case OP_SHUTDOWN:
      /* No close_notify for a connection that never got going. */
      if (self->handshake_done && !self->closed)
        result = run_op (self, OP_SHUTDOWN, NULL, 0, FALSE, &wait, &would_block, cancellable,
                         &error);
      else
        result = 0;
      break;
    default:
      g_assert_not_reached ();
    }
  self->reading_on_edges = FALSE;

  if (result < 0 && would_block)
    {
      g_clear_error (&error);
      async_wait (self, task, data, wait);
      return;
    }

  if (data->op == OP_SHUTDOWN)
    {
      /* The base stream is closed whatever happened to the close_notify. */
      if (error != NULL && close_error_matters (self) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        data->error = g_steal_pointer (&error);
      close_substreams (self);
      g_io_stream_close_async (self->base_io_stream, g_task_get_priority (task), cancellable,
                               base_closed, task);
      return;
    }
  async_done (data);
  if (result < 0)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (data->op == OP_READ && data->buffer == NULL)
    g_task_return_pointer (task, g_steal_pointer (&data->bytes), (GDestroyNotify) g_bytes_unref);
  else if (data->op == OP_READ || (data->op == OP_WRITE && !data->flush))
    g_task_return_int (task, result);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/* Starts an operation on @self for a task whose source object is
 * @source_object (the stream, or its input or output stream). */
static void
start_async (GosslTlsStream      *self,
             gpointer             source_object,
             TlsOp                op,
             gboolean             flush,
             guint8              *buffer,
             gsize                count,
             gpointer             tag,
             int                  io_priority,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task;
  AsyncOp *data;
  GError *error = NULL;

  if (!stream_ready (self, &error))
    {
      g_task_report_error (source_object, callback, user_data, tag, error);
      return;
    }
  task = g_task_new (source_object, cancellable, callback, user_data);
  data = g_new0 (AsyncOp, 1);
  data->task = task;
  data->stream = g_object_ref (self);
  data->op = op;
  data->flush = flush;
  data->buffer = buffer;
  data->count = count;
  /* gossl_tls_stream_read_bytes_async() set it. */
  data->input_pending = op == OP_READ && buffer == NULL;
  g_task_set_source_tag (task, tag);
  g_task_set_priority (task, io_priority);
  g_task_set_task_data (task, data, (GDestroyNotify) async_op_free);
  /* The first step runs now: most handshakes start by writing, and most
   * reads of a busy connection find their data. */
  async_step (task);
}

/* --- The input and output streams -------------------------------------------- */

/* Private classes, named with a leading underscore so that g-ir-scanner
 * leaves them out. The GIOStream owns its two streams; they point back to
 * it without a reference (cleared when it is disposed), or every TLS
 * stream would keep itself alive. */

#define GOSSL_TYPE_TLS_INPUT_STREAM (_gossl_tls_input_stream_get_type ())
G_DECLARE_FINAL_TYPE (GosslTlsInputStream, _gossl_tls_input_stream, GOSSL, TLS_INPUT_STREAM,
                      GInputStream)

struct _GosslTlsInputStream
{
  GInputStream    parent_instance;
  GosslTlsStream *stream; /* weak: the GIOStream owns this stream */
};

static void gossl_tls_input_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GosslTlsInputStream, _gossl_tls_input_stream, G_TYPE_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      gossl_tls_input_pollable_init))

static GosslTlsStream *
input_owner (gpointer stream, GError **error)
{
  GosslTlsStream *self = ((GosslTlsInputStream *) stream)->stream;

  if (self == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, "The TLS stream is gone");
  else if (!stream_ready (self, error))
    return NULL;
  return self;
}

static gssize
tls_input_read (GInputStream  *stream,
                void          *buffer,
                gsize          count,
                GCancellable  *cancellable,
                GError       **error)
{
  GosslTlsStream *self = input_owner (stream, error);
  GIOCondition wait = 0;

  if (self == NULL)
    return -1;
  return run_op (self, OP_READ, buffer, count, TRUE, &wait, NULL, cancellable, error);
}

/* Instead of GInputStream's, which waits in a source of its own per read
 * (see async_wait()). */
static void
tls_input_read_async (GInputStream        *stream,
                      void                *buffer,
                      gsize                count,
                      int                  io_priority,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  GosslTlsStream *self = input_owner (stream, &error);

  if (self == NULL)
    {
      g_task_report_error (stream, callback, user_data, tls_input_read_async,
                           g_steal_pointer (&error));
      return;
    }
  start_async (self, stream, OP_READ, FALSE, buffer, count, tls_input_read_async, io_priority,
               cancellable, callback, user_data);
}

static gssize
tls_input_read_finish (GInputStream  *stream,
                       GAsyncResult  *result,
                       GError       **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}

static gboolean
tls_input_close (GInputStream  *stream,
                 GCancellable  *cancellable,
                 GError       **error)
{
  /* Closing one direction closes nothing: g_io_stream_close() does. */
  return TRUE;
}

static void
tls_input_close_async (GInputStream        *stream,
                       int                  io_priority,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task = g_task_new (stream, cancellable, callback, user_data);

  g_task_set_source_tag (task, tls_input_close_async);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static gboolean
tls_input_close_finish (GInputStream  *stream,
                        GAsyncResult  *result,
                        GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
tls_input_can_poll (GPollableInputStream *stream)
{
  return TRUE;
}

static gboolean
tls_input_is_readable (GPollableInputStream *stream)
{
  GosslTlsStream *self = input_owner (stream, NULL);

  return self == NULL || is_ready (self, self->read_wait);
}

static GSource *
tls_input_create_source (GPollableInputStream *stream,
                         GCancellable         *cancellable)
{
  GosslTlsStream *self = input_owner (stream, NULL);
  g_autoptr(GSource) gone = NULL;

  if (self != NULL && stream_ready (self, NULL))
    return tls_source_new (self, G_OBJECT (stream), self->read_wait, cancellable);
  /* Gone: ready at once, for the read to report it. */
  gone = g_timeout_source_new (0);
  return g_pollable_source_new_full (stream, gone, cancellable);
}

static gssize
tls_input_read_nonblocking (GPollableInputStream  *stream,
                            void                  *buffer,
                            gsize                  count,
                            GError               **error)
{
  GosslTlsStream *self = input_owner (stream, error);
  gssize n;

  if (self == NULL)
    return -1;
  self->read_wait = G_IO_IN;
  n = run_op (self, OP_READ, buffer, count, FALSE, &self->read_wait, NULL, NULL, error);
  return n;
}

static void
gossl_tls_input_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = tls_input_can_poll;
  iface->is_readable = tls_input_is_readable;
  iface->create_source = tls_input_create_source;
  iface->read_nonblocking = tls_input_read_nonblocking;
}

static void
_gossl_tls_input_stream_class_init (GosslTlsInputStreamClass *klass)
{
  GInputStreamClass *input_class = G_INPUT_STREAM_CLASS (klass);

  input_class->read_fn = tls_input_read;
  input_class->read_async = tls_input_read_async;
  input_class->read_finish = tls_input_read_finish;
  input_class->close_fn = tls_input_close;
  input_class->close_async = tls_input_close_async;
  input_class->close_finish = tls_input_close_finish;
}

static void
_gossl_tls_input_stream_init (GosslTlsInputStream *self)
{
}

#define GOSSL_TYPE_TLS_OUTPUT_STREAM (_gossl_tls_output_stream_get_type ())
G_DECLARE_FINAL_TYPE (GosslTlsOutputStream, _gossl_tls_output_stream, GOSSL, TLS_OUTPUT_STREAM,
                      GOutputStream)

struct _GosslTlsOutputStream
{
  GOutputStream   parent_instance;
  GosslTlsStream *stream; /* weak */
};

static void gossl_tls_output_pollable_init (GPollableOutputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GosslTlsOutputStream, _gossl_tls_output_stream, G_TYPE_OUTPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_OUTPUT_STREAM,
                                                      gossl_tls_output_pollable_init))

static GosslTlsStream *
output_owner (gpointer stream, GError **error)
{
  GosslTlsStream *self = ((GosslTlsOutputStream *) stream)->stream;

  if (self == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, "The TLS stream is gone");
  else if (!stream_ready (self, error))
    return NULL;
  return self;
}

static gssize
tls_output_write (GOutputStream  *stream,
                  const void     *buffer,
                  gsize           count,
                  GCancellable   *cancellable,
                  GError        **error)
{
  GosslTlsStream *self = output_owner (stream, error);
  GIOCondition wait = 0;

  if (self == NULL)
    return -1;
  if (count == 0)
    return 0;
  return run_op (self, OP_WRITE, (guint8 *) buffer, count, TRUE, &wait, NULL, cancellable, error);
}

/* Instead of GOutputStream's, which waits in a source of its own. */
static void
tls_output_write_async (GOutputStream       *stream,
                        const void          *buffer,
                        gsize                count,
                        int                  io_priority,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  GosslTlsStream *self = output_owner (stream, &error);

  if (self == NULL)
    {
      g_task_report_error (stream, callback, user_data, tls_output_write_async,
                           g_steal_pointer (&error));
      return;
    }
  start_async (self, stream, OP_WRITE, FALSE, (guint8 *) buffer, count, tls_output_write_async,
               io_priority, cancellable, callback, user_data);
}

static gssize
tls_output_write_finish (GOutputStream  *stream,
                         GAsyncResult   *result,
                         GError        **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}

static gboolean
tls_output_flush (GOutputStream  *stream,
                  GCancellable   *cancellable,
                  GError        **error)
{
  GosslTlsStream *self = output_owner (stream, error);

  if (self == NULL || !stream_ready (self, error) ||
      !gossl_connection_check_idle (self->connection, "flush", error))
    return FALSE;
  if (self->closed)
    return TRUE;
  return flush_output (self, TRUE, cancellable, error);
}

static void
tls_output_flush_async (GOutputStream       *stream,
                        int                  io_priority,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GosslTlsStream *self = ((GosslTlsOutputStream *) stream)->stream;

  if (self == NULL)
    {
      g_task_report_new_error (stream, callback, user_data, tls_output_flush_async,
                               G_IO_ERROR, G_IO_ERROR_CLOSED, "The TLS stream is gone");
      return;
    }
  start_async (self, stream, OP_WRITE, TRUE, NULL, 0, tls_output_flush_async, io_priority,
               cancellable, callback, user_data);
}

static gboolean
tls_output_flush_finish (GOutputStream  *stream,
                         GAsyncResult   *result,
                         GError        **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
tls_output_close (GOutputStream  *stream,
                  GCancellable   *cancellable,
                  GError        **error)
{
  return TRUE;
}

static void
tls_output_close_async (GOutputStream       *stream,
                        int                  io_priority,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task = g_task_new (stream, cancellable, callback, user_data);

  g_task_set_source_tag (task, tls_output_close_async);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static gboolean
tls_output_close_finish (GOutputStream  *stream,
                         GAsyncResult   *result,
                         GError        **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
tls_output_can_poll (GPollableOutputStream *stream)
{
  return TRUE;
}

static gboolean
tls_output_is_writable (GPollableOutputStream *stream)
{
  GosslTlsStream *self = output_owner (stream, NULL);

  return self == NULL || is_ready (self, self->write_wait);
}

static GSource *
tls_output_create_source (GPollableOutputStream *stream,
                          GCancellable          *cancellable)
{
  GosslTlsStream *self = output_owner (stream, NULL);
  g_autoptr(GSource) gone = NULL;

  if (self != NULL && stream_ready (self, NULL))
    return tls_source_new (self, G_OBJECT (stream), self->write_wait, cancellable);
  gone = g_timeout_source_new (0);
  return g_pollable_source_new_full (stream, gone, cancellable);
}

static gssize
tls_output_write_nonblocking (GPollableOutputStream  *stream,
                              const void             *buffer,
                              gsize                   count,
                              GError                **error)
{
  GosslTlsStream *self = output_owner (stream, error);

  if (self == NULL)
    return -1;
  if (count == 0)
    return 0;
  self->write_wait = G_IO_OUT;
  return run_op (self, OP_WRITE, (guint8 *) buffer, count, FALSE, &self->write_wait, NULL, NULL,
                 error);
}

static void
gossl_tls_output_pollable_init (GPollableOutputStreamInterface *iface)
{
  iface->can_poll = tls_output_can_poll;
  iface->is_writable = tls_output_is_writable;
  iface->create_source = tls_output_create_source;
  iface->write_nonblocking = tls_output_write_nonblocking;
}

static void
_gossl_tls_output_stream_class_init (GosslTlsOutputStreamClass *klass)
{
  GOutputStreamClass *output_class = G_OUTPUT_STREAM_CLASS (klass);

  output_class->write_fn = tls_output_write;
  output_class->write_async = tls_output_write_async;
  output_class->write_finish = tls_output_write_finish;
  output_class->flush = tls_output_flush;
  output_class->flush_async = tls_output_flush_async;
  output_class->flush_finish = tls_output_flush_finish;
  output_class->close_fn = tls_output_close;
  output_class->close_async = tls_output_close_async;
  output_class->close_finish = tls_output_close_finish;
}

static void
_gossl_tls_output_stream_init (GosslTlsOutputStream *self)
{
}

/* --- The GIOStream ------------------------------------------------------------- */

static GInputStream *
gossl_tls_stream_get_input_stream (GIOStream *stream)
{
  return GOSSL_TLS_STREAM (stream)->tls_in;
}

static GOutputStream *
gossl_tls_stream_get_output_stream (GIOStream *stream)
{
  return GOSSL_TLS_STREAM (stream)->tls_out;
}

static gboolean
gossl_tls_stream_close_fn (GIOStream     *stream,
                           GCancellable  *cancellable,
                           GError       **error)
{
  GosslTlsStream *self = GOSSL_TLS_STREAM (stream);
  g_autoptr(GError) tls_error = NULL;
  GIOCondition wait = 0;
  gboolean ok;

  if (!stream_ready (self, error) ||
      !gossl_connection_check_idle (self->connection, "close", error))
    return FALSE;
  /* Dropping the last reference closes a GIOStream too; that must not
   * block on a peer that reads nothing. */
  if (self->handshake_done && !self->closed)
    run_op (self, OP_SHUTDOWN, NULL, 0, !self->disposing, &wait, NULL, cancellable, &tls_error);
  if (self->disposing || !close_error_matters (self))
    g_clear_error (&tls_error);
  close_substreams (self);
  ok = g_io_stream_close (self->base_io_stream, cancellable, error);
  if (ok && tls_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&tls_error));
      return FALSE;
    }
  return ok;
}

static void
gossl_tls_stream_close_async (GIOStream           *stream,
                              int                  io_priority,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GosslTlsStream *self = GOSSL_TLS_STREAM (stream);

  start_async (self, self, OP_SHUTDOWN, FALSE, NULL, 0, gossl_tls_stream_close_async,
               io_priority, cancellable, callback, user_data);
}

static gboolean
gossl_tls_stream_close_finish (GIOStream     *stream,
                               GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The descriptor of @base's socket when the stream's sources may poll it
 * themselves instead of through the base stream's sources (which are two
 * more sources per wait): a plain GSocketConnection, whose input and output
 * streams are the socket's, on a socket without a timeout (the socket's
 * own sources report timeouts). -1 otherwise. A timeout set on the socket
 * later is not seen. */
static int
socket_fd (GIOStream *base)
{
#ifdef G_OS_UNIX
  GIOStreamClass *plain;
  GSocket *socket;

  if (!G_IS_SOCKET_CONNECTION (base))
    return -1;
  plain = g_type_class_peek (G_TYPE_SOCKET_CONNECTION);
  if (G_IO_STREAM_GET_CLASS (base)->get_input_stream != plain->get_input_stream ||
      G_IO_STREAM_GET_CLASS (base)->get_output_stream != plain->get_output_stream)
    return -1;
  socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (base));
  if (g_socket_get_timeout (socket) != 0)
    return -1;
  return g_socket_get_fd (socket);
#else
  return -1;
#endif
}

static gboolean
gossl_tls_stream_initable_init (GInitable     *initable,
                                GCancellable  *cancellable,
                                GError       **error)
{
  GosslTlsStream *self = GOSSL_TLS_STREAM (initable);
  GInputStream *in;
  GOutputStream *out;

  if (self->base_in != NULL)
    return TRUE;
  if (self->connection == NULL || self->base_io_stream == NULL)
    {
      gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT,
                       "A TLS stream needs a connection and a base stream "
                       "(GosslTlsStream:connection, GosslTlsStream:base-io-stream)");
      return FALSE;
    }
  if (gossl_connection_get_native (self->connection) == NULL)
    {
      gossl_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                       "The TLS connection of the stream was not initialized");
      return FALSE;
    }
  if (!gossl_connection_is_memory (self->connection))
    {
      gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT,
                       "A TLS stream needs a memory connection: make it with "
                       "gossl_connection_new_memory()");
      return FALSE;
    }
  in = g_io_stream_get_input_stream (self->base_io_stream);
  out = g_io_stream_get_output_stream (self->base_io_stream);
  if (!G_IS_POLLABLE_INPUT_STREAM (in) ||
      !g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (in)) ||
      !G_IS_POLLABLE_OUTPUT_STREAM (out) ||
      !g_pollable_output_stream_can_poll (G_POLLABLE_OUTPUT_STREAM (out)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "A TLS stream needs a base stream whose input and output can be "
                   "polled; a %s cannot", G_OBJECT_TYPE_NAME (self->base_io_stream));
      return FALSE;
    }
  self->base_in = g_object_ref (in);
  self->base_out = g_object_ref (out);
  self->fd = socket_fd (self->base_io_stream);
  if (self->fd >= 0)
    {
      self->socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (self->base_io_stream));
      /* Not a datagram-like socket, whose reads stop at each message. */
      self->short_read_drains = g_socket_get_socket_type (self->socket) == G_SOCKET_TYPE_STREAM;
    }
  gossl_connection_set_stream_transport (self->connection);
  /* OpenSSL's record buffers (about 33 KB) only while a record is
   * being read or written: most connections of a server are quiet. */
  SSL_set_mode (gossl_connection_get_native (self->connection), SSL_MODE_RELEASE_BUFFERS);
  /* For the messages of handshake failures: the memory connection cannot
   * ask a socket. */
  if (G_IS_SOCKET_CONNECTION (self->base_io_stream))
    {
      g_autoptr(GSocketAddress) address =
        g_socket_connection_get_remote_address (G_SOCKET_CONNECTION (self->base_io_stream), NULL);

      gossl_connection_set_peer_address (self->connection, address);
    }
  return TRUE;
}

static void
gossl_tls_stream_initable_iface_init (GInitableIface *iface)
{
  iface->init = gossl_tls_stream_initable_init;
}

static void
gossl_tls_stream_dispose (GObject *object)
{
  GosslTlsStream *self = GOSSL_TLS_STREAM (object);

  /* The parent closes the stream, if nobody did. */
  self->disposing = TRUE;
  G_OBJECT_CLASS (gossl_tls_stream_parent_class)->dispose (object);
  /* Every waiting operation holds a reference: none waits now. */
  gossl_reactor_watch_stop (&self->watch);
  if (self->tls_in != NULL)
    ((GosslTlsInputStream *) self->tls_in)->stream = NULL;
  if (self->tls_out != NULL)
    ((GosslTlsOutputStream *) self->tls_out)->stream = NULL;
}

static void
gossl_tls_stream_finalize (GObject *object)
{
  GosslTlsStream *self = GOSSL_TLS_STREAM (object);

  g_clear_object (&self->tls_in);
  g_clear_object (&self->tls_out);
  g_clear_object (&self->base_in);
  g_clear_object (&self->base_out);
  g_clear_object (&self->base_io_stream);
  g_clear_object (&self->connection);
  G_OBJECT_CLASS (gossl_tls_stream_parent_class)->finalize (object);
}

static void
gossl_tls_stream_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GosslTlsStream *self = GOSSL_TLS_STREAM (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    case PROP_BASE_IO_STREAM:
      g_value_set_object (value, self->base_io_stream);
      break;
    case PROP_PEER_CERTIFICATE:
      g_value_take_object (value, gossl_tls_stream_get_peer_certificate (self));
      break;
    case PROP_PEER_CERTIFICATE_ERRORS:
      g_value_set_flags (value, gossl_tls_stream_get_peer_certificate_errors (self));
      break;
    case PROP_PROTOCOL_VERSION:
      g_value_set_enum (value, gossl_tls_stream_get_protocol_version (self));
      break;
    case PROP_CIPHERSUITE_NAME:
      g_value_set_string (value, gossl_tls_stream_get_ciphersuite_name (self));
      break;
    case PROP_NEGOTIATED_PROTOCOL:
      g_value_set_string (value, gossl_tls_stream_get_negotiated_protocol (self));
      break;
    case PROP_RECEIVING:
      g_value_set_boolean (value, self->receiving);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gossl_tls_stream_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  GosslTlsStream *self = GOSSL_TLS_STREAM (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;
    case PROP_BASE_IO_STREAM:
      self->base_io_stream = g_value_dup_object (value);
      break;
    case PROP_RECEIVING:
      gossl_tls_stream_set_receiving (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gossl_tls_stream_class_init (GosslTlsStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GIOStreamClass *io_class = G_IO_STREAM_CLASS (klass);

  object_class->dispose = gossl_tls_stream_dispose;
  object_class->finalize = gossl_tls_stream_finalize;
  object_class->get_property = gossl_tls_stream_get_property;
  object_class->set_property = gossl_tls_stream_set_property;

  io_class->get_input_stream = gossl_tls_stream_get_input_stream;
  io_class->get_output_stream = gossl_tls_stream_get_output_stream;
  io_class->close_fn = gossl_tls_stream_close_fn;
  io_class->close_async = gossl_tls_stream_close_async;
  io_class->close_finish = gossl_tls_stream_close_finish;

  gossl_ensure_initialized ();

  /**
   * GosslTlsStream:connection:
   *
   * The memory [class@Gossl.Connection] that does the TLS work: ask it about the
   * handshake's outcome ([method@Gossl.Connection.get_alpn_proto_negotiated],
   * [method@Gossl.Connection.get_peer_certificate] ...). Required. Make streams
   * with [ctor@Gossl.TlsStream.new] and the like.
   */
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         GOSSL_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GosslTlsStream:base-io-stream:
   *
   * The stream the TLS records travel over: required; its input and output
   * streams must be pollable.
   */
  properties[PROP_BASE_IO_STREAM] =
    g_param_spec_object ("base-io-stream", NULL, NULL,
                         G_TYPE_IO_STREAM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GosslTlsStream:peer-certificate: (getter get_peer_certificate)
   *
   * The certificate the peer presented, or %NULL: see
   * [property@Gossl.Connection:peer-certificate]. Notified when a handshake
   * completes, as are the other properties of its outcome.
   *
   * Since: 0.2
   */
  properties[PROP_PEER_CERTIFICATE] =
    g_param_spec_object ("peer-certificate", NULL, NULL,
                         GOSSL_TYPE_X509,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GosslTlsStream:peer-certificate-errors: (getter get_peer_certificate_errors)
   *
   * What is wrong with the peer's certificate: see
   * [method@Gossl.Connection.get_peer_certificate_errors].
   *
   * Since: 0.2
   */
  properties[PROP_PEER_CERTIFICATE_ERRORS] =
    g_param_spec_flags ("peer-certificate-errors", NULL, NULL,
                        G_TYPE_TLS_CERTIFICATE_FLAGS, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GosslTlsStream:protocol-version: (getter get_protocol_version)
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
   * GosslTlsStream:ciphersuite-name: (getter get_ciphersuite_name)
   *
   * The IANA name of the cipher suite the handshake agreed on, or %NULL.
   *
   * Since: 0.2
   */
  properties[PROP_CIPHERSUITE_NAME] =
    g_param_spec_string ("ciphersuite-name", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GosslTlsStream:negotiated-protocol: (getter get_negotiated_protocol)
   *
   * The application protocol the handshake agreed on (ALPN), or %NULL.
   *
   * Since: 0.2
   */
  properties[PROP_NEGOTIATED_PROTOCOL] =
    g_param_spec_string ("negotiated-protocol", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GosslTlsStream:receiving: (getter get_receiving) (setter set_receiving)
   *
   * Whether the stream reads by itself and emits
   * [signal@Gossl.TlsStream::received] with what came, until the end of
   * the stream or a failure ([signal@Gossl.TlsStream::error]) turns it
   * off. See [method@Gossl.TlsStream.set_receiving].
   *
   * Since: 0.2
   */
  properties[PROP_RECEIVING] =
    g_param_spec_boolean ("receiving", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GosslTlsStream::received:
   * @self: the [class@Gossl.TlsStream]
   * @data: what the peer sent (at most one TLS record, 16,384 bytes);
   *   empty at the end of the stream (the peer's close_notify), after
   *   which [property@Gossl.TlsStream:receiving] is off
   *
   * Emitted while [property@Gossl.TlsStream:receiving] is on, on the
   * [struct@GLib.MainContext] that turned it on, each time data came.
   * A handler may answer with [method@Gossl.TlsStream.send_bytes], turn
   * receiving off, or close the stream with [method@Gio.IOStream.close_async].
   *
   * Since: 0.2
   */
  signals[SIGNAL_RECEIVED] =
    g_signal_new ("received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);

  /**
   * GosslTlsStream::error:
   * @self: the [class@Gossl.TlsStream]
   * @error: what failed: %GOSSL_SSL_ERROR_EOF when the peer closed the
   *   connection without a close_notify, another %GOSSL_SSL_ERROR for a
   *   TLS failure, or an error of the base stream
   *
   * Emitted when a read of [property@Gossl.TlsStream:receiving] failed
   * (which turns receiving off), or when the records of
   * [method@Gossl.TlsStream.send_bytes] could not be sent: the connection
   * is of no further use, and the program closes it.
   *
   * Since: 0.2
   */
  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
gossl_tls_stream_init (GosslTlsStream *self)
{
  GosslTlsInputStream *in = g_object_new (GOSSL_TYPE_TLS_INPUT_STREAM, NULL);
  GosslTlsOutputStream *out = g_object_new (GOSSL_TYPE_TLS_OUTPUT_STREAM, NULL);

  self->receive_wait.stream = self;
  self->receive_wait.op = OP_READ;
  in->stream = self;
  out->stream = self;
  self->tls_in = G_INPUT_STREAM (in);
  self->tls_out = G_OUTPUT_STREAM (out);
  self->fd = -1;
  self->read_wait = G_IO_IN;
  self->write_wait = G_IO_OUT;
}

/* --- Public API ------------------------------------------------------------------- */

/**
 * gossl_tls_stream_new:
 * @connection: a memory connection ([ctor@Gossl.Connection.new_memory]), its
 *   role set with [method@Gossl.Connection.set_connect_state] or
 *   [method@Gossl.Connection.set_accept_state], and its other settings (server
 *   name, ALPN, session) made
 * @base_io_stream: the stream to carry the TLS records, such as a
 *   [class@Gio.SocketConnection]; its input and output streams must be pollable
 * @error: return location for a [struct@GLib.Error]
 *
 * A TLS stream over @base_io_stream, run by @connection. The stream takes
 * a reference to both; closing it closes @base_io_stream.
 *
 * Returns: (transfer full): the stream, or %NULL with @error set:
 *   %GOSSL_SSL_ERROR_INVALID_ARGUMENT for a connection with a socket,
 *   %G_IO_ERROR_NOT_SUPPORTED for a base stream that cannot be polled
 *
 * Since: 0.1
 */
GosslTlsStream *
gossl_tls_stream_new (GosslConnection  *connection,
                      GIOStream        *base_io_stream,
                      GError          **error)
{
  g_return_val_if_fail (GOSSL_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (G_IS_IO_STREAM (base_io_stream), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_initable_new (GOSSL_TYPE_TLS_STREAM, NULL, error,
                         "connection", connection,
                         "base-io-stream", base_io_stream,
                         NULL);
}

/**
 * gossl_tls_stream_new_client:
 * @context: the client's settings: trusted CAs (the system's by
 *   default), verification mode (the server is verified unless
 *   [method@Gossl.Context.set_verify] says otherwise), ALPN protocols
 * @base_io_stream: the stream to the server, such as a [class@Gio.SocketConnection];
 *   its input and output streams must be pollable
 * @server_identity: (nullable): the server's host name or IP address: sent
 *   as the server name (SNI, for host names) and checked against its
 *   certificate ([method@Gossl.Connection.set_verify_hostname]): a certificate
 *   for another name fails the handshake with
 *   %GOSSL_SSL_ERROR_BAD_CERTIFICATE and %G_TLS_CERTIFICATE_BAD_IDENTITY;
 *   %NULL for none. What is neither a host name nor an IP address ("",
 *   ".example.com", "*.example.com") fails with
 *   %GOSSL_SSL_ERROR_INVALID_ARGUMENT.
 * @error: return location for a [struct@GLib.Error]
 *
 * A client TLS stream: the usual way to talk TLS to a server from a main
 * loop. [method@Gossl.TlsStream.get_connection] gives the connection for more
 * settings before the handshake.
 *
 * Returns: (transfer full): the stream, or %NULL with @error set
 *
 * Since: 0.1
 */
GosslTlsStream *
gossl_tls_stream_new_client (GosslContext  *context,
                             GIOStream     *base_io_stream,
                             const char    *server_identity,
                             GError       **error)
{
  g_autoptr(GosslConnection) connection = NULL;

  g_return_val_if_fail (GOSSL_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (G_IS_IO_STREAM (base_io_stream), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  connection = gossl_connection_new_memory (context, error);
  if (connection == NULL)
    return NULL;
  gossl_connection_set_connect_state (connection);
  if (server_identity != NULL)
    {
      g_autofree char *checked = NULL;
      gboolean is_ip = FALSE;

      checked = gossl_host_name_check (server_identity, &is_ip, error);
      if (checked == NULL)
        return NULL;
      /* RFC 6066: no IP addresses as server names. */
      if (!is_ip && !gossl_connection_set_tlsext_host_name (connection, checked, error))
        return NULL;
      if (!gossl_connection_set_verify_hostname (connection, checked, error))
        return NULL;
    }
  return gossl_tls_stream_new (connection, base_io_stream, error);
}

/**
 * gossl_tls_stream_new_server:
 * @context: the server's settings: certificate and key, client
 *   verification, callbacks
 * @base_io_stream: the stream to the client, such as the
 *   [class@Gio.SocketConnection] of an accepted connection; its input and output
 *   streams must be pollable
 * @error: return location for a [struct@GLib.Error]
 *
 * A server TLS stream.
 *
 * Returns: (transfer full): the stream, or %NULL with @error set
 *
 * Since: 0.1
 */
GosslTlsStream *
gossl_tls_stream_new_server (GosslContext  *context,
                             GIOStream     *base_io_stream,
                             GError       **error)
{
  g_autoptr(GosslConnection) connection = NULL;

  g_return_val_if_fail (GOSSL_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (G_IS_IO_STREAM (base_io_stream), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  connection = gossl_connection_new_memory (context, error);
  if (connection == NULL)
    return NULL;
  gossl_connection_set_accept_state (connection);
  return gossl_tls_stream_new (connection, base_io_stream, error);
}

/**
 * gossl_tls_stream_get_connection:
 * @self: a [class@Gossl.TlsStream]
 *
 * The memory connection that does the TLS work. Ask it about the
 * handshake's outcome; do not read or write through it.
 *
 * Returns: (transfer none) (nullable): the connection, or %NULL for a
 *   stream made by [ctor@GObject.Object.new] without one
 *
 * Since: 0.1
 */
GosslConnection *
gossl_tls_stream_get_connection (GosslTlsStream *self)
{
  g_return_val_if_fail (GOSSL_IS_TLS_STREAM (self), NULL);
  return self->connection;
}

/**
 * gossl_tls_stream_get_base_io_stream:
 * @self: a [class@Gossl.TlsStream]
 *
 * The stream the TLS records travel over.
 *
 * Returns: (transfer none) (nullable): the base stream, or %NULL for a
 *   stream made by [ctor@GObject.Object.new] without one
 *
 * Since: 0.1
 */
GIOStream *
gossl_tls_stream_get_base_io_stream (GosslTlsStream *self)
{
  g_return_val_if_fail (GOSSL_IS_TLS_STREAM (self), NULL);
  return self->base_io_stream;
}

/**
 * gossl_tls_stream_handshake:
 * @self: a [class@Gossl.TlsStream]
 * @cancellable: (nullable): a [class@Gio.Cancellable]
 * @error: return location for a [struct@GLib.Error]
 *
 * Runs the handshake, blocking the calling thread (and its main loop)
 * until it is done; see [method@Gossl.TlsStream.handshake_async] for a main
 * loop. Done already, it returns at once.
 *
 * Returns: %TRUE when the handshake is done; %FALSE with @error set
 *
 * Since: 0.1
 */
gboolean
gossl_tls_stream_handshake (GosslTlsStream  *self,
                            GCancellable    *cancellable,
                            GError         **error)
{
  GIOCondition wait = 0;

  g_return_val_if_fail (GOSSL_IS_TLS_STREAM (self), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return run_op (self, OP_HANDSHAKE, NULL, 0, TRUE, &wait, NULL, cancellable, error) >= 0;
}

/**
 * gossl_tls_stream_handshake_async:
 * @self: a [class@Gossl.TlsStream]
 * @io_priority: the I/O priority of the request, such as
 *   %G_PRIORITY_DEFAULT
 * @cancellable: (nullable): a [class@Gio.Cancellable]
 * @callback: (scope async) (closure user_data): called when the handshake
 *   is done or has failed
 * @user_data: data for @callback
 *
 * Runs the handshake without blocking: it goes on each time the base
 * stream is ready, on the thread-default [struct@GLib.MainContext] of the caller, and
 * @callback is called there; the [class@Gossl.Context] signals are emitted there
 * too. Cancelling @cancellable ends it promptly with
 * %G_IO_ERROR_CANCELLED, leaving the connection unusable. Reads and
 * writes run the handshake by themselves: calling this first lets a
 * client check the server (certificate, ALPN) before sending anything.
 *
 * Since: 0.1
 */
void
gossl_tls_stream_handshake_async (GosslTlsStream      *self,
                                  int                  io_priority,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (GOSSL_IS_TLS_STREAM (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_async (self, self, OP_HANDSHAKE, FALSE, NULL, 0, gossl_tls_stream_handshake_async,
               io_priority, cancellable, callback, user_data);
}

/**
 * gossl_tls_stream_handshake_finish:
 * @self: a [class@Gossl.TlsStream]
 * @result: the [iface@Gio.AsyncResult] given to the callback
 * @error: return location for a [struct@GLib.Error]
 *
 * The outcome of [method@Gossl.TlsStream.handshake_async].
 *
 * Returns: %TRUE when the handshake is done; %FALSE with @error set
 *   (%G_IO_ERROR_CANCELLED, an error of the base stream, or a
 *   %GOSSL_SSL_ERROR: %GOSSL_SSL_ERROR_BAD_CERTIFICATE for a refused
 *   certificate)
 *
 * Since: 0.1
 */
gboolean
gossl_tls_stream_handshake_finish (GosslTlsStream  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  g_return_val_if_fail (GOSSL_IS_TLS_STREAM (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, gossl_tls_stream_handshake_async), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * gossl_tls_stream_read_bytes_async:
 * @self: a [class@Gossl.TlsStream]
 * @count: the most bytes to read (at most one TLS record, 16,384 bytes,
 *   comes back)
 * @io_priority: the I/O priority of the request, such as
 *   %G_PRIORITY_DEFAULT
 * @cancellable: (nullable): a [class@Gio.Cancellable]
 * @callback: (scope async) (closure user_data): called when data came, at
 *   the end of the stream, or on failure
 * @user_data: data for @callback
 *
 * Reads what the peer sent, as [method@Gio.InputStream.read_bytes_async]
 * on the stream's input stream does, but the [struct@GLib.Bytes] it gives
 * holds only what was read: [method@Gio.InputStream.read_bytes_async]
 * keeps @count bytes allocated for as long as the result lives, which in
 * a garbage-collected language (GJS) may be long after the program has
 * let go of it. A server reading small messages from many connections
 * this way holds no more memory than the messages.
 *
 * Like the input stream's reads, it runs on the thread-default
 * [struct@GLib.MainContext] of the caller and fails with
 * %G_IO_ERROR_PENDING while another read of the stream is under way.
 *
 * Since: 0.2
 */
void
gossl_tls_stream_read_bytes_async (GosslTlsStream      *self,
                                   gsize                count,
                                   int                  io_priority,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GOSSL_IS_TLS_STREAM (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (!stream_ready (self, &error) ||
      !g_input_stream_set_pending (self->tls_in, &error))
    {
      g_task_report_error (self, callback, user_data, gossl_tls_stream_read_bytes_async,
                           g_steal_pointer (&error));
      return;
    }
  if (count == 0)
    {
      g_input_stream_clear_pending (self->tls_in);
      task = g_task_new (self, cancellable, callback, user_data);
      g_task_set_source_tag (task, gossl_tls_stream_read_bytes_async);
      g_task_return_pointer (task, g_bytes_new (NULL, 0), (GDestroyNotify) g_bytes_unref);
      return;
    }
  start_async (self, self, OP_READ, FALSE, NULL, count, gossl_tls_stream_read_bytes_async,
               io_priority, cancellable, callback, user_data);
}

/**
 * gossl_tls_stream_read_bytes_finish:
 * @self: a [class@Gossl.TlsStream]
 * @result: the [iface@Gio.AsyncResult] given to the callback
 * @error: return location for a [struct@GLib.Error]
 *
 * The outcome of [method@Gossl.TlsStream.read_bytes_async].
 *
 * Returns: (transfer full): what was read, empty at the end of the
 *   stream (the peer's close_notify); %NULL with @error set
 *   (%G_IO_ERROR_CANCELLED, %G_IO_ERROR_PENDING, an error of the base
 *   stream, or a %GOSSL_SSL_ERROR: %GOSSL_SSL_ERROR_EOF when the peer
 *   closed the connection without a close_notify)
 *
 * Since: 0.2
 */
GBytes *
gossl_tls_stream_read_bytes_finish (GosslTlsStream  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (GOSSL_IS_TLS_STREAM (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, gossl_tls_stream_read_bytes_async), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- Receiving by signal, sending without a callback --------------------------------- */

/* For programs in languages where every asynchronous call costs a
 * callback closure and a GAsyncResult the garbage collector frees late
 * (GJS), or never (PyGObject 3.42 keeps each callback's closure): one
 * handler for the life of the connection. No task, callback or result
 * per message either: the reactor's call reads and emits. */

/* The most records one receive_pump() emits before the loop's other
 * connections go first: a peer that keeps sending does not hold the
 * loop. */
#define RECEIVE_BUDGET 16

static void
receive_unwait (GosslTlsStream *self)
{
  async_unwait (&self->receive_wait);
  self->receive_again = FALSE;
  if (self->receive_source != NULL)
    {
      g_source_destroy (self->receive_source);
      g_clear_pointer (&self->receive_source, g_source_unref);
    }
}

static gboolean
receive_source_ready (gpointer user_data)
{
  receive_pump (user_data);
  return G_SOURCE_REMOVE;
}

/* receive_pump() runs again when the socket becomes what @wait says, or
 * the stream's state changes; with @wait 0, in the next dispatch. In the
 * reactor of the receiving context, or without one in a source of its
 * own. */
static void
receive_wait_for (GosslTlsStream *self, GIOCondition wait)
{
  receive_unwait (self);
  if (watch_on (self, self->receive_context))
    {
      if (wait == 0)
        self->receive_again = TRUE;
      else
        {
          self->receive_wait.wait = wait;
          self->receive_wait.serial = self->serial;
          self->waiters = g_slist_prepend (self->waiters, &self->receive_wait);
        }
      if (wait == 0 || ready_inside (self, wait, self->serial))
        gossl_reactor_watch_defer (&self->watch);
      return;
    }
  self->receive_source = tls_source_new (self, NULL, wait != 0 ? wait : G_IO_IN, NULL);
  /* Not only when something came: a client turned on before its
   * handshake has its hello to send first. */
  if (wait == 0)
    g_source_set_ready_time (self->receive_source, 0);
  g_source_set_callback (self->receive_source, receive_source_ready, self, NULL);
  g_source_attach (self->receive_source, self->receive_context);
}

static void
receive_start (GosslTlsStream *self)
{
  g_autoptr(GError) error = NULL;

  if (!stream_ready (self, &error) || !g_input_stream_set_pending (self->tls_in, &error))
    {
      g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
      return;
    }
  /* Until its end of stream: a server may keep no reference of its own. */
  g_object_ref (self);
  self->receiving = TRUE;
  self->receive_context = g_main_context_ref_thread_default ();
  /* Not from here: a program may turn receiving on before it connects
   * its handler. */
  receive_wait_for (self, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECEIVING]);
}

static void
receive_stop (GosslTlsStream *self)
{
  if (!self->receiving)
    return;
  self->receiving = FALSE;
  receive_unwait (self);
  g_clear_pointer (&self->receive_context, g_main_context_unref);
  g_input_stream_clear_pending (self->tls_in);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECEIVING]);
  g_object_unref (self);
}

/* Reads and emits what came until a read would block (it then waits),
 * RECEIVE_BUDGET records (it goes on in the next dispatch), the end of
 * the stream or a failure (receiving stops). */
static void
receive_pump (GosslTlsStream *self)
{
  guint8 buffer[RECORD_SIZE];

  receive_unwait (self);
  /* A handler may close the stream or turn receiving off. */
  g_object_ref (self);
  for (guint records = 0; self->receiving; records++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      GIOCondition wait = 0;
      gboolean would_block = FALSE;
      gssize n;

      if (records == RECEIVE_BUDGET)
        {
          receive_wait_for (self, 0);
          break;
        }
      self->reading_on_edges = watch_on (self, self->receive_context);
      n = run_op (self, OP_READ, buffer, sizeof buffer, FALSE, &wait, &would_block, NULL, &error);
      self->reading_on_edges = FALSE;
      if (n < 0 && would_block)
        {
          self->read_wait = wait;
          receive_wait_for (self, wait);
          break;
        }
      if (n < 0)
        {
          receive_stop (self);
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED))
            g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
          break;
        }
      if (n == 0)
        receive_stop (self);
      bytes = g_bytes_new (buffer, (gsize) n);
      g_signal_emit (self, signals[SIGNAL_RECEIVED], 0, bytes);
    }
  g_object_unref (self);
}

/**
 * gossl_tls_stream_set_receiving: (set-property receiving)
 * @self: a [class@Gossl.TlsStream]
 * @receiving: whether to read by signal
 *
 * Turns [property@Gossl.TlsStream:receiving] on or off. While it is on,
 * the stream reads whenever the peer sends, on the thread-default
 * [struct@GLib.MainContext] of the caller, and emits
 * [signal@Gossl.TlsStream::received] with what came: a server answers
 * from one handler for the connection's life, without an asynchronous
 * call and its callback per message, together with
 * [method@Gossl.TlsStream.send_bytes]. The end of the stream and failures
 * ([signal@Gossl.TlsStream::error]) turn it off. While it is on, other
 * reads of the stream fail with %G_IO_ERROR_PENDING.
 *
 * Turning it off stops it at once: what the peer sends next is there for
 * the next read. Closing the stream turns it off too.
 *
 * Since: 0.2
 */
void
gossl_tls_stream_set_receiving (GosslTlsStream *self,
                                gboolean        receiving)
{
  g_return_if_fail (GOSSL_IS_TLS_STREAM (self));

  if (receiving && !self->receiving)
    receive_start (self);
  else if (!receiving)
    receive_stop (self);
}

/**
 * gossl_tls_stream_get_receiving: (get-property receiving)
 * @self: a [class@Gossl.TlsStream]
 *
 * Whether the stream reads by signal.
 *
 * Returns: the [property@Gossl.TlsStream:receiving]
 *
 * Since: 0.2
 */
gboolean
gossl_tls_stream_get_receiving (GosslTlsStream *self)
{
  g_return_val_if_fail (GOSSL_IS_TLS_STREAM (self), FALSE);

  return self->receiving;
}

static void send_flush_async (GosslTlsStream *self);

static void
send_flushed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GosslTlsStream *self = GOSSL_TLS_STREAM (source);
  g_autoptr(GError) error = NULL;

  self->send_flushing = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
  /* Records send_bytes() added after the flush found the BIO empty. */
  else if (!self->closed &&
           BIO_ctrl_pending (gossl_connection_get_from_bio (self->connection)) > 0)
    send_flush_async (self);
}

static void
send_flush_async (GosslTlsStream *self)
{
  self->send_flushing = TRUE;
  start_async (self, self, OP_WRITE, TRUE, NULL, 0, send_flush_async, G_PRIORITY_DEFAULT, NULL,
               send_flushed, NULL);
}

/**
 * gossl_tls_stream_send_bytes:
 * @self: a [class@Gossl.TlsStream] whose handshake is done
 * @bytes: what to send
 * @error: return location for a [struct@GLib.Error]
 *
 * Sends @bytes without waiting and without a callback: they are encrypted
 * at once, and the records go to the peer as fast as it takes them, on
 * the thread-default [struct@GLib.MainContext] of the caller, before
 * anything sent later and before the close_notify of
 * [method@Gio.IOStream.close_async] or [method@Gio.IOStream.close].
 * A failure to send them later is reported by
 * [signal@Gossl.TlsStream::error]. What the peer has not taken yet
 * stays in memory: for large transfers to a slow peer, use
 * [method@Gio.OutputStream.write_all_async], which waits for it.
 *
 * Returns: %TRUE when the bytes are sent or on their way; %FALSE with
 *   @error set: %G_IO_ERROR_NOT_CONNECTED before the handshake is done,
 *   %G_IO_ERROR_CLOSED after the stream was closed, %G_IO_ERROR_PENDING
 *   while a write of the stream's output stream is under way, a
 *   %GOSSL_SSL_ERROR, or an error of the base stream
 *
 * Since: 0.2
 */
gboolean
gossl_tls_stream_send_bytes (GosslTlsStream  *self,
                             GBytes          *bytes,
                             GError         **error)
{
  g_autoptr(GError) local = NULL;
  const guint8 *data;
  gsize size;
  gsize offset = 0;

  g_return_val_if_fail (GOSSL_IS_TLS_STREAM (self), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!stream_ready (self, error) ||
      !gossl_connection_check_idle (self->connection, "write", error))
    return FALSE;
  if (self->closed)
    {
      gossl_set_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED, "The stream is closed");
      return FALSE;
    }
  if (!self->handshake_done)
    {
      gossl_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                       "The TLS handshake is not done: send_bytes() sends on an established "
                       "connection (gossl_tls_stream_handshake_async() first)");
      return FALSE;
    }
  /* A write waiting with its plaintext not yet encrypted would see its
   * data go out after these bytes. */
  if (g_output_stream_has_pending (self->tls_out))
    {
      gossl_set_error (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                       "A write of the stream's output stream is under way");
      return FALSE;
    }

  data = g_bytes_get_data (bytes, &size);
  while (offset < size)
    {
      gssize n = gossl_connection_send (self->connection, data + offset,
                                        MIN (size - offset, RECORD_SIZE), error);

      if (n < 0)
        return FALSE;
      offset += (gsize) n;
    }
  /* A flush under way sends these records too. */
  if (self->send_flushing)
    return TRUE;
  if (flush_output (self, FALSE, NULL, &local))
    return TRUE;
  if (!is_would_block (local))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  send_flush_async (self);
  return TRUE;
}

/* --- The handshake's outcome, as GIO names it ------------------------------------- */

/**
 * gossl_tls_stream_get_peer_certificate: (get-property peer-certificate)
 * @self: a [class@Gossl.TlsStream]
 *
 * The certificate the peer presented, GIO's
 * [method@Gio.TlsConnection.get_peer_certificate].
 *
 * Returns: (transfer full) (nullable): the certificate, or %NULL before the
 *   handshake or when the peer sent none
 *
 * Since: 0.2
 */
GosslX509 *
gossl_tls_stream_get_peer_certificate (GosslTlsStream *self)
{
  g_return_val_if_fail (GOSSL_IS_TLS_STREAM (self), NULL);
  return self->connection != NULL ? gossl_connection_get_peer_certificate (self->connection) : NULL;
}

/**
 * gossl_tls_stream_get_peer_certificate_errors: (get-property peer-certificate-errors)
 * @self: a [class@Gossl.TlsStream]
 *
 * What is wrong with the peer's certificate, GIO's
 * [method@Gio.TlsConnection.get_peer_certificate_errors]: see
 * [method@Gossl.Connection.get_peer_certificate_errors].
 *
 * Returns: the problems; 0 when there were none, or before the handshake
 *
 * Since: 0.2
 */
GTlsCertificateFlags
gossl_tls_stream_get_peer_certificate_errors (GosslTlsStream *self)
{
  g_return_val_if_fail (GOSSL_IS_TLS_STREAM (self), 0);
  return self->connection != NULL ?
         gossl_connection_get_peer_certificate_errors (self->connection) : 0;
}

/**
 * gossl_tls_stream_get_protocol_version: (get-property protocol-version)
 * @self: a [class@Gossl.TlsStream]
 *
 * The protocol version the handshake agreed on, GIO's
 * [method@Gio.TlsConnection.get_protocol_version].
 *
 * Returns: the version, or %G_TLS_PROTOCOL_VERSION_UNKNOWN before the
 *   handshake
 *
 * Since: 0.2
 */
GTlsProtocolVersion
gossl_tls_stream_get_protocol_version (GosslTlsStream *self)
{
  g_return_val_if_fail (GOSSL_IS_TLS_STREAM (self), G_TLS_PROTOCOL_VERSION_UNKNOWN);
  return self->connection != NULL ?
         gossl_connection_get_tls_protocol_version (self->connection) :
         G_TLS_PROTOCOL_VERSION_UNKNOWN;
}

/**
 * gossl_tls_stream_get_ciphersuite_name: (get-property ciphersuite-name)
 * @self: a [class@Gossl.TlsStream]
 *
 * The IANA name of the cipher suite the handshake agreed on, GIO's
 * [method@Gio.TlsConnection.get_ciphersuite_name].
 *
 * Returns: (transfer none) (nullable): the name, or %NULL before the
 *   handshake
 *
 * Since: 0.2
 */
const char *
gossl_tls_stream_get_ciphersuite_name (GosslTlsStream *self)
{
  g_return_val_if_fail (GOSSL_IS_TLS_STREAM (self), NULL);
  return self->connection != NULL ? gossl_connection_get_ciphersuite_name (self->connection) : NULL;
}

/**
 * gossl_tls_stream_get_negotiated_protocol: (get-property negotiated-protocol)
 * @self: a [class@Gossl.TlsStream]
 *
 * The application protocol the handshake agreed on (ALPN), GIO's
 * [method@Gio.TlsConnection.get_negotiated_protocol].
 *
 * Returns: (transfer none) (nullable): the protocol, or %NULL when none was
 *   agreed on (or before the handshake)
 *
 * Since: 0.2
 */
const char *
gossl_tls_stream_get_negotiated_protocol (GosslTlsStream *self)
{
  g_return_val_if_fail (GOSSL_IS_TLS_STREAM (self), NULL);
  return self->connection != NULL ?
         gossl_connection_get_negotiated_protocol (self->connection) : NULL;
}
