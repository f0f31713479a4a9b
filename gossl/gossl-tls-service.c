/* gossl-tls-service.c: a TLS server on the main loop
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gossl-tls-private.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

/**
 * GosslTlsService:
 *
 * A server that accepts connections on the main loop and hands each one
 * over as a server [class@Gossl.TlsStream]: a [class@Gio.SocketListener]
 * (add the addresses to listen on with
 * [method@Gio.SocketListener.add_inet_port] and the like), whose
 * [signal@Gossl.TlsService::incoming] signal gives the streams.
 *
 * The service runs the TLS handshake of each connection and emits the
 * signal once it succeeded; connections whose handshake fails or takes
 * longer than [property@Gossl.TlsService:handshake-timeout] are closed
 * without a word (a %G_LOG_LEVEL_DEBUG message says why).
 *
 * Each time a listening socket is ready, the service accepts the
 * connections waiting on it, up to
 * [property@Gossl.TlsService:accept-batch] of them, before the main loop
 * goes on: a burst of clients is taken in a few main-loop iterations,
 * however many connections the loop already serves.
 * [class@Gio.SocketService] takes one connection per iteration, and an
 * iteration costs more with every open connection. At most
 * [property@Gossl.TlsService:max-handshakes] handshakes run at once: more
 * clients wait in the system's queue. That bounds the memory a burst of
 * clients takes (a handshake holds several times what an established
 * connection does) and the time one main-loop iteration can spend on
 * handshakes, so that the other sources of the loop stay punctual.
 *
 * Accepted TCP connections get `TCP_NODELAY`: the streams write whole
 * TLS records, which Nagle's algorithm would only delay.
 *
 * All of it, and the [class@Gossl.Context] signals, run on the
 * [struct@GLib.MainContext] that was the thread-default one when
 * [method@Gossl.TlsService.start] was called.
 *
 * The listening sockets are those made by
 * [method@Gio.SocketListener.add_address],
 * [method@Gio.SocketListener.add_inet_port],
 * [method@Gio.SocketListener.add_any_inet_port] and
 * [method@Gossl.TlsService.add_shared_address]; a socket given to
 * [method@Gio.SocketListener.add_socket] is not listened to.
 *
 * A server that should use more than one core runs one service per core,
 * each on a thread of its own that runs its own [struct@GLib.MainContext]
 * (made thread-default there before [method@Gossl.TlsService.start]) in a
 * [struct@GLib.MainLoop], all listening on the same address with
 * [method@Gossl.TlsService.add_shared_address]: the kernel spreads the
 * connections over them, and each connection stays on its thread.
 *
 * ```c
 * static void
 * incoming (GosslTlsService *service, GosslTlsStream *stream, gpointer data)
 * {
 *   // The handshake is done. Keep a reference: the stream is closed once
 *   // the signal returns unless a handler keeps it.
 *   start_reading (g_object_ref (stream));
 * }
 *
 * GosslTlsService *service = gossl_tls_service_new (context);
 *
 * g_socket_listener_add_inet_port (G_SOCKET_LISTENER (service), 8443, NULL, &error);
 * g_signal_connect (service, "incoming", G_CALLBACK (incoming), NULL);
 * gossl_tls_service_start (service);
 * ```
 *
 * Since: 0.2
 */

/* The accept-batch default: enough to take in a burst in a few
 * iterations, few enough that a 10 ms timer of the same loop is not held
 * up by the handshakes the batch starts. */
#define DEFAULT_ACCEPT_BATCH 64

/* After an accept failed for another reason than an empty queue (out of
 * descriptors, mostly), the listening sockets would stay ready: wait
 * this long before trying again rather than spin. */
#define ACCEPT_RETRY_MS 100

/* About 1 ms of CPU each (ECDSA P-256), and a main-loop iteration may
 * run all of them: a 10 ms timer of the loop is late by no more than a
 * few tens of milliseconds. */
#define DEFAULT_MAX_HANDSHAKES 32
#define DEFAULT_HANDSHAKE_TIMEOUT_S 30

struct _GosslTlsService
{
  GSocketListener parent_instance;

  GosslContext *context;
  guint         accept_batch;
  guint         max_handshakes;
  guint         handshake_timeout;
  guint         handshakes;    /* running now */

  GPtrArray    *sockets;       /* the listening GSockets, referenced */
  GPtrArray    *sources;       /* while active: one accept source per socket */
  GMainContext *main_context;  /* where the sources are, while active */
  GSource      *retry;         /* the wait after a failed accept, or NULL */
  gboolean      active;
};

G_DEFINE_FINAL_TYPE (GosslTlsService, gossl_tls_service, G_TYPE_SOCKET_LISTENER)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_ACCEPT_BATCH,
  PROP_MAX_HANDSHAKES,
  PROP_HANDSHAKE_TIMEOUT,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_INCOMING,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean accept_ready (GSocket *socket, GIOCondition condition, gpointer data);

static void
attach_source (GosslTlsService *self, GSocket *socket)
{
  GSource *source = g_socket_create_source (socket, G_IO_IN, NULL);

  g_source_set_static_name (source, "GosslTlsService");
  g_source_set_callback (source, (GSourceFunc) (void (*) (void)) accept_ready, self, NULL);
  g_source_attach (source, self->main_context);
  g_ptr_array_add (self->sources, source);
}

static void
detach_sources (GosslTlsService *self)
{
  for (guint i = 0; i < self->sources->len; i++)
    g_source_destroy (self->sources->pdata[i]);
  g_ptr_array_set_size (self->sources, 0);
}

static gboolean
may_accept (GosslTlsService *self)
{
  return self->active && self->retry == NULL && self->handshakes < self->max_handshakes;
}

/* Listens when the service may take a connection, not otherwise: the
 * accept sources come and go with the room for handshakes. */
static void
update_accepting (GosslTlsService *self)
{
  if (!may_accept (self))
    detach_sources (self);
  else if (self->sources->len == 0)
    for (guint i = 0; i < self->sockets->len; i++)
      attach_source (self, self->sockets->pdata[i]);
}

static gboolean
retry_accepting (gpointer data)
{
  GosslTlsService *self = data;

  g_clear_pointer (&self->retry, g_source_unref);
  update_accepting (self);
  return G_SOURCE_REMOVE;
}

static void
pause_accepting (GosslTlsService *self)
{
  self->retry = g_timeout_source_new (ACCEPT_RETRY_MS);
  g_source_set_static_name (self->retry, "GosslTlsService retry");
  g_source_set_callback (self->retry, retry_accepting, self, NULL);
  g_source_attach (self->retry, self->main_context);
  update_accepting (self);
}

typedef struct {
  GosslTlsService *self;         /* a reference */
  GCancellable    *cancellable;
  GSource         *timeout;      /* or NULL */
} Handshake;

static gboolean
handshake_timed_out (gpointer data)
{
  Handshake *handshake = data;

  g_cancellable_cancel (handshake->cancellable);
  return G_SOURCE_REMOVE;
}

static void
handshake_done (GObject *source, GAsyncResult *result, gpointer data)
{
  GosslTlsStream *stream = GOSSL_TLS_STREAM (source);
  Handshake *handshake = data;
  GosslTlsService *self = handshake->self;
  g_autoptr(GError) error = NULL;

  if (handshake->timeout != NULL)
    {
      g_source_destroy (handshake->timeout);
      g_source_unref (handshake->timeout);
    }
  self->handshakes--;
  if (gossl_tls_stream_handshake_finish (stream, result, &error))
    g_signal_emit (self, signals[SIGNAL_INCOMING], 0, stream);
  else
    g_debug ("GosslTlsService: handshake failed: %s", error->message);
  update_accepting (self);
  g_object_unref (handshake->cancellable);
  g_object_unref (handshake->self);
  g_free (handshake);
  /* The last reference, unless a handler took one: closes the stream. */
  g_object_unref (stream);
}

/* Starts the handshake of one accepted connection. */
static void
serve (GosslTlsService *self, GSocket *client)
{
  g_autoptr(GSocketConnection) connection = g_socket_connection_factory_create_connection (client);
  GosslTlsStream *stream;
  g_autoptr(GError) error = NULL;
  Handshake *handshake;

  if (self->context == NULL)
    return;
  /* A TLS stream writes whole records: Nagle's algorithm only holds back
   * the last packet of a flight (the end of the handshake, an answer)
   * until the peer's delayed ACK. Measured with 100 clients arriving at
   * once: 670-770 handshakes/s without, 1,070-1,120 with (asyncio and
   * uvloop set it too). */
  if (g_socket_get_protocol (client) == G_SOCKET_PROTOCOL_TCP)
    g_socket_set_option (client, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  stream = gossl_tls_stream_new_server (self->context, G_IO_STREAM (connection), &error);
  if (stream == NULL)
    {
      /* The context cannot serve anyone: nothing the client could fix. */
      g_debug ("GosslTlsService: no TLS stream for a connection: %s", error->message);
      return;
    }
  handshake = g_new0 (Handshake, 1);
  handshake->self = g_object_ref (self);
  handshake->cancellable = g_cancellable_new ();
  if (self->handshake_timeout > 0)
    {
      handshake->timeout = g_timeout_source_new_seconds (self->handshake_timeout);
      g_source_set_static_name (handshake->timeout, "GosslTlsService handshake timeout");
      g_source_set_callback (handshake->timeout, handshake_timed_out, handshake, NULL);
      g_source_attach (handshake->timeout, self->main_context);
    }
  self->handshakes++;
  gossl_tls_stream_handshake_async (stream, G_PRIORITY_DEFAULT, handshake->cancellable,
                                    handshake_done, handshake);
}

static gboolean
accept_ready (GSocket      *socket,
              GIOCondition  condition,
              gpointer      data)
{
  GosslTlsService *self = data;
  g_autoptr(GosslTlsService) hold = g_object_ref (self);

  for (guint i = 0; i < self->accept_batch && may_accept (self); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) client = NULL;

      if (g_socket_is_closed (socket))
        {
          /* g_socket_listener_close() closes the sockets without a word. */
          g_ptr_array_remove (self->sources, g_main_current_source ());
          g_ptr_array_remove (self->sockets, socket);
          return G_SOURCE_REMOVE;
        }
      client = g_socket_accept (socket, NULL, &error);
      if (client == NULL)
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            {
              g_debug ("GosslTlsService: accepting failed: %s", error->message);
              pause_accepting (self);
            }
          break;
        }
      serve (self, client);
    }
  update_accepting (self);
  return G_SOURCE_CONTINUE;
}

/* GSocketListener keeps its sockets to itself; it shows each one here
 * once it listens. */
static void
gossl_tls_service_event (GSocketListener      *listener,
                         GSocketListenerEvent  event,
                         GSocket              *socket)
{
  GosslTlsService *self = GOSSL_TLS_SERVICE (listener);

  if (event != G_SOCKET_LISTENER_LISTENED)
    return;
  /* A batch ends when the queue is empty, not in a wait for the next
   * client. */
  g_socket_set_blocking (socket, FALSE);
  g_ptr_array_add (self->sockets, g_object_ref (socket));
  if (may_accept (self))
    attach_source (self, socket);
}

static void
gossl_tls_service_dispose (GObject *object)
{
  GosslTlsService *self = GOSSL_TLS_SERVICE (object);

  self->active = FALSE;
  detach_sources (self);
  if (self->retry != NULL)
    {
      g_source_destroy (self->retry);
      g_clear_pointer (&self->retry, g_source_unref);
    }
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_ptr_array_set_size (self->sockets, 0);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (gossl_tls_service_parent_class)->dispose (object);
}

static void
gossl_tls_service_finalize (GObject *object)
{
  GosslTlsService *self = GOSSL_TLS_SERVICE (object);

  g_ptr_array_unref (self->sources);
  g_ptr_array_unref (self->sockets);
  G_OBJECT_CLASS (gossl_tls_service_parent_class)->finalize (object);
}

static void
gossl_tls_service_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GosslTlsService *self = GOSSL_TLS_SERVICE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_ACCEPT_BATCH:
      g_value_set_uint (value, self->accept_batch);
      break;
    case PROP_MAX_HANDSHAKES:
      g_value_set_uint (value, self->max_handshakes);
      break;
    case PROP_HANDSHAKE_TIMEOUT:
      g_value_set_uint (value, self->handshake_timeout);
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gossl_tls_service_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GosslTlsService *self = GOSSL_TLS_SERVICE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_ACCEPT_BATCH:
      gossl_tls_service_set_accept_batch (self, g_value_get_uint (value));
      break;
    case PROP_MAX_HANDSHAKES:
      self->max_handshakes = g_value_get_uint (value);
      if (self->main_context != NULL)
        update_accepting (self);
      break;
    case PROP_HANDSHAKE_TIMEOUT:
      self->handshake_timeout = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gossl_tls_service_class_init (GosslTlsServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GSocketListenerClass *listener_class = G_SOCKET_LISTENER_CLASS (klass);

  object_class->dispose = gossl_tls_service_dispose;
  object_class->finalize = gossl_tls_service_finalize;
  object_class->get_property = gossl_tls_service_get_property;
  object_class->set_property = gossl_tls_service_set_property;
  listener_class->event = gossl_tls_service_event;

  gossl_ensure_initialized ();

  /**
   * GosslTlsService:context: (getter get_context)
   *
   * The [class@Gossl.Context] of the server streams: certificate and key,
   * client verification, callbacks. Required.
   *
   * Since: 0.2
   */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         GOSSL_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GosslTlsService:accept-batch: (getter get_accept_batch) (setter set_accept_batch)
   *
   * The most connections accepted from one listening socket before the
   * main loop goes on to its other sources (at least 1).
   *
   * Since: 0.2
   */
  properties[PROP_ACCEPT_BATCH] =
    g_param_spec_uint ("accept-batch", NULL, NULL,
                       1, G_MAXUINT, DEFAULT_ACCEPT_BATCH,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT |
                       G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GosslTlsService:max-handshakes:
   *
   * The most handshakes run at once; more clients wait in the system's
   * queue until one is done. Set it from the thread the service runs on.
   *
   * Since: 0.2
   */
  properties[PROP_MAX_HANDSHAKES] =
    g_param_spec_uint ("max-handshakes", NULL, NULL,
                       1, G_MAXUINT, DEFAULT_MAX_HANDSHAKES,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);

  /**
   * GosslTlsService:handshake-timeout:
   *
   * The seconds a client has to complete its handshake before it is
   * disconnected, 0 for no limit; a client that never completes one would
   * hold one of the [property@Gossl.TlsService:max-handshakes].
   *
   * Since: 0.2
   */
  properties[PROP_HANDSHAKE_TIMEOUT] =
    g_param_spec_uint ("handshake-timeout", NULL, NULL,
                       0, G_MAXUINT, DEFAULT_HANDSHAKE_TIMEOUT_S,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);

  /**
   * GosslTlsService:active: (getter is_active)
   *
   * Whether the service accepts connections: from
   * [method@Gossl.TlsService.start] to [method@Gossl.TlsService.stop].
   *
   * Since: 0.2
   */
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GosslTlsService::incoming:
   * @self: the [class@Gossl.TlsService]
   * @stream: the server stream of a new connection, its handshake done
   *
   * Emitted for each accepted connection once its handshake succeeded:
   * [property@Gossl.TlsStream:peer-certificate] and the like are known. The
   * stream is closed when the
   * emission ends unless a handler keeps a reference to it (holding it
   * in a closure or a variable is enough in GJS and Python).
   *
   * Since: 0.2
   */
  signals[SIGNAL_INCOMING] =
    g_signal_new ("incoming",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, GOSSL_TYPE_TLS_STREAM);
}

static void
gossl_tls_service_init (GosslTlsService *self)
{
  self->accept_batch = DEFAULT_ACCEPT_BATCH;
  self->max_handshakes = DEFAULT_MAX_HANDSHAKES;
  self->handshake_timeout = DEFAULT_HANDSHAKE_TIMEOUT_S;
  self->sockets = g_ptr_array_new_with_free_func (g_object_unref);
  self->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) g_source_unref);
}

/**
 * gossl_tls_service_new:
 * @context: the settings of the server streams: certificate and key,
 *   client verification, callbacks
 *
 * A service with no address to listen on yet: add them with
 * [method@Gio.SocketListener.add_inet_port] and the like, connect to
 * [signal@Gossl.TlsService::incoming], then call
 * [method@Gossl.TlsService.start].
 *
 * Returns: (transfer full): the service
 *
 * Since: 0.2
 */
GosslTlsService *
gossl_tls_service_new (GosslContext *context)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (context), NULL);

  return g_object_new (GOSSL_TYPE_TLS_SERVICE, "context", context, NULL);
}

/**
 * gossl_tls_service_get_context: (get-property context)
 * @self: a [class@Gossl.TlsService]
 *
 * The context of the server streams.
 *
 * Returns: (transfer none) (nullable): the context, or %NULL for a service
 *   made by [ctor@GObject.Object.new] without one
 *
 * Since: 0.2
 */
GosslContext *
gossl_tls_service_get_context (GosslTlsService *self)
{
  g_return_val_if_fail (GOSSL_IS_TLS_SERVICE (self), NULL);
  return self->context;
}

/**
 * gossl_tls_service_start:
 * @self: a [class@Gossl.TlsService]
 *
 * Starts accepting connections on the thread-default
 * [struct@GLib.MainContext] of the caller, where
 * [signal@Gossl.TlsService::incoming] is emitted and the streams run.
 * Started already, it does nothing. A service without a
 * [property@Gossl.TlsService:context] accepts nothing: each connection
 * is closed at once.
 *
 * Since: 0.2
 */
void
gossl_tls_service_start (GosslTlsService *self)
{
  g_return_if_fail (GOSSL_IS_TLS_SERVICE (self));

  if (self->active)
    return;
  self->active = TRUE;
  g_clear_pointer (&self->main_context, g_main_context_unref);
  self->main_context = g_main_context_ref_thread_default ();
  update_accepting (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

/**
 * gossl_tls_service_stop:
 * @self: a [class@Gossl.TlsService]
 *
 * Stops accepting connections; the sockets keep listening (the system
 * queues new clients) until [method@Gio.SocketListener.close]. The streams
 * handed out go on. Call it from the thread the service was started on.
 *
 * Since: 0.2
 */
void
gossl_tls_service_stop (GosslTlsService *self)
{
  g_return_if_fail (GOSSL_IS_TLS_SERVICE (self));

  if (!self->active)
    return;
  self->active = FALSE;
  update_accepting (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

/**
 * gossl_tls_service_is_active: (get-property active)
 * @self: a [class@Gossl.TlsService]
 *
 * Whether the service accepts connections.
 *
 * Returns: %TRUE between [method@Gossl.TlsService.start] and
 *   [method@Gossl.TlsService.stop]
 *
 * Since: 0.2
 */
gboolean
gossl_tls_service_is_active (GosslTlsService *self)
{
  g_return_val_if_fail (GOSSL_IS_TLS_SERVICE (self), FALSE);
  return self->active;
}

static gboolean
bind_native (GSocket *socket, GSocketAddress *address, GError **error)
{
  gssize size = g_socket_address_get_native_size (address);
  g_autofree gpointer native = NULL;

  if (size < 0)
    {
      gossl_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "Not a socket address");
      return FALSE;
    }
  native = g_malloc0 ((gsize) size);
  if (!g_socket_address_to_native (address, native, (gsize) size, error))
    return FALSE;
  if (bind (g_socket_get_fd (socket), native, (socklen_t) size) != 0)
    {
      int saved = errno;
      g_autofree char *where = G_IS_INET_SOCKET_ADDRESS (address) ?
        g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address))) :
        g_strdup ("?");

      gossl_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "Could not bind to %s: %s", where, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_tls_service_add_shared_address:
 * @self: a [class@Gossl.TlsService]
 * @address: the address to listen on; port 0 for one the system picks
 * @effective_address: (out) (optional) (transfer full): the address
 *   bound, with the port the system picked
 * @error: return location for a [struct@GLib.Error]
 *
 * Listens on @address (TCP) with a socket that other services, of this
 * process, may bind to the same address too (`SO_REUSEPORT`): the system
 * spreads the incoming connections over them. Give the
 * @effective_address of the first to the others when it had port 0.
 *
 * Returns: %TRUE when the service listens on @address; %FALSE with
 *   @error set (the socket errors of [method@Gio.SocketListener.add_address];
 *   %G_IO_ERROR_NOT_SUPPORTED where `SO_REUSEPORT` is missing)
 *
 * Since: 0.2
 */
gboolean
gossl_tls_service_add_shared_address (GosslTlsService  *self,
                                      GSocketAddress   *address,
                                      GSocketAddress  **effective_address,
                                      GError          **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  int backlog = 0;

  g_return_val_if_fail (GOSSL_IS_TLS_SERVICE (self), FALSE);
  g_return_val_if_fail (G_IS_SOCKET_ADDRESS (address), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
#ifdef SO_REUSEPORT
  if (!g_socket_set_option (socket, SOL_SOCKET, SO_REUSEPORT, 1, error))
    return FALSE;
#else
  gossl_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "Sockets cannot share an address on this system (no SO_REUSEPORT)");
  return FALSE;
#endif
  g_object_get (self, "listen-backlog", &backlog, NULL);
  g_socket_set_listen_backlog (socket, backlog);
  /* Not g_socket_bind(): it turns SO_REUSEPORT off for TCP. */
  if (!bind_native (socket, address, error) || !g_socket_listen (socket, error))
    return FALSE;
  if (effective_address != NULL)
    {
      bound = g_socket_get_local_address (socket, error);
      if (bound == NULL)
        return FALSE;
    }
  if (!g_socket_listener_add_socket (G_SOCKET_LISTENER (self), socket, NULL, error))
    return FALSE;
  /* Listened to as the sockets GSocketListener makes itself are. */
  gossl_tls_service_event (G_SOCKET_LISTENER (self), G_SOCKET_LISTENER_LISTENED, socket);
  if (effective_address != NULL)
    *effective_address = g_steal_pointer (&bound);
  return TRUE;
}

/**
 * gossl_tls_service_get_accept_batch: (get-property accept-batch)
 * @self: a [class@Gossl.TlsService]
 *
 * The most connections accepted in one go.
 *
 * Returns: the [property@Gossl.TlsService:accept-batch]
 *
 * Since: 0.2
 */
guint
gossl_tls_service_get_accept_batch (GosslTlsService *self)
{
  g_return_val_if_fail (GOSSL_IS_TLS_SERVICE (self), 0);
  return self->accept_batch;
}

/**
 * gossl_tls_service_set_accept_batch: (set-property accept-batch)
 * @self: a [class@Gossl.TlsService]
 * @accept_batch: the most connections to accept from one listening socket
 *   before the main loop goes on; 0 is taken as 1
 *
 * Sets [property@Gossl.TlsService:accept-batch]: larger takes a burst in
 * faster, smaller keeps the other sources of the loop more punctual.
 *
 * Since: 0.2
 */
void
gossl_tls_service_set_accept_batch (GosslTlsService *self,
                                    guint            accept_batch)
{
  g_return_if_fail (GOSSL_IS_TLS_SERVICE (self));

  accept_batch = MAX (accept_batch, 1);
  if (self->accept_batch == accept_batch)
    return;
  self->accept_batch = accept_batch;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCEPT_BATCH]);
}
