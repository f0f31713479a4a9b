/* gossl-session.c: a TLS session to resume (SSL_SESSION)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gossl-tls-private.h"

/**
 * GosslSession:
 *
 * The state of a TLS session that a later connection to the same server may
 * resume, skipping the full handshake. Get one from a connection after its
 * handshake with [method@Gossl.Connection.get_session] and give it to a new
 * connection with [method@Gossl.Connection.set_session] before that one's
 * handshake; [method@Gossl.Connection.session_reused] then tells whether the server
 * took it.
 *
 * With TLS 1.3 the server sends the resumable session after the handshake:
 * a client only has it once it has read something from the connection.
 *
 * A session is immutable once made and may be shared between threads.
 *
 * Since: 0.1
 */
struct _GosslSession
{
  GObject parent_instance;

  SSL_SESSION *session; /* one reference held; never NULL */
};

G_DEFINE_FINAL_TYPE (GosslSession, gossl_session, G_TYPE_OBJECT)

static void
gossl_session_finalize (GObject *object)
{
  GosslSession *self = GOSSL_SESSION (object);

  SSL_SESSION_free (self->session);
  G_OBJECT_CLASS (gossl_session_parent_class)->finalize (object);
}

static void
gossl_session_class_init (GosslSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gossl_session_finalize;
  gossl_ensure_initialized ();
}

static void
gossl_session_init (GosslSession *self)
{
  /* Never empty: g_object_new() (a binding's Gossl.Session()) gives the
   * empty session of gossl_session_new(); gossl_session_new_from_native()
   * replaces this one. */
  self->session = SSL_SESSION_new ();
  if (self->session == NULL)
    g_error ("%s: out of memory", G_STRFUNC);
}

SSL_SESSION *
gossl_session_get_native (GosslSession *self)
{
  g_return_val_if_fail (GOSSL_IS_SESSION (self), NULL);
  return self->session;
}

GosslSession *
gossl_session_new_from_native (SSL_SESSION *session)
{
  GosslSession *self;

  g_return_val_if_fail (session != NULL, NULL);

  self = g_object_new (GOSSL_TYPE_SESSION, NULL);
  SSL_SESSION_free (self->session);
  self->session = session;
  return self;
}

/**
 * gossl_session_new:
 *
 * An empty session: no server resumes it.
 *
 * Returns: (transfer full): a new [class@Gossl.Session]
 *
 * Since: 0.1
 */
GosslSession *
gossl_session_new (void)
{
  return g_object_new (GOSSL_TYPE_SESSION, NULL);
}

/**
 * gossl_session_is_resumable:
 * @self: a [class@Gossl.Session]
 *
 * Whether a connection can offer the session to resume it: a TLS 1.3
 * session taken right after the handshake, before the server's ticket
 * was read, cannot.
 *
 * Returns: %TRUE when it can be resumed
 *
 * Since: 0.1
 */
gboolean
gossl_session_is_resumable (GosslSession *self)
{
  g_return_val_if_fail (GOSSL_IS_SESSION (self), FALSE);
  return SSL_SESSION_is_resumable (self->session) == 1;
}

/**
 * gossl_session_get_id:
 * @self: a [class@Gossl.Session]
 *
 * The session ID (for TLS 1.3 and session tickets, an ID the client made
 * up).
 *
 * Returns: (transfer full): the ID, up to 32 bytes; empty for an empty
 *   session
 *
 * Since: 0.1
 */
GByteArray *
gossl_session_get_id (GosslSession *self)
{
  const unsigned char *id;
  unsigned int len = 0;
  GByteArray *result;

  g_return_val_if_fail (GOSSL_IS_SESSION (self), NULL);

  id = SSL_SESSION_get_id (self->session, &len);
  result = g_byte_array_sized_new (len);
  if (id != NULL && len > 0)
    g_byte_array_append (result, id, len);
  return result;
}

/**
 * gossl_session_get_protocol_version:
 * @self: a [class@Gossl.Session]
 *
 * The protocol version the session was made with.
 *
 * Returns: %GOSSL_TLS1_3_VERSION and the like; 0 for an empty session
 *
 * Since: 0.1
 */
int
gossl_session_get_protocol_version (GosslSession *self)
{
  g_return_val_if_fail (GOSSL_IS_SESSION (self), 0);
  return SSL_SESSION_get_protocol_version (self->session);
}
