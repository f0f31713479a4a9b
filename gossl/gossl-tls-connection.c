/* gossl-tls-connection.c: the GTlsConnection behind GosslTlsClientConnection
 * and GosslTlsServerConnection
 *
 * A GTlsConnection made of a GosslTlsStream, which does the TLS work on
 * the caller's main loop. What makes it GIO's rather than OpenSSL's lives
 * here: the peer's chain is judged by a GTlsDatabase and the
 * accept-certificate signal (from OpenSSL's verification callback, so a
 * read that runs the handshake by itself is checked too), the certificate
 * comes from GTlsCertificate and GTlsInteraction, the handshake's outcome
 * is in GIO's properties, and every error is GIO's (propagate_error()).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gossl-tls-connection-private.h"

#include <string.h>

struct _GosslTlsCore
{
  GTlsConnection  *owner;          /* the instance this is part of */
  gboolean         is_client;

  gboolean         init_done;
  GError          *init_error;     /* what g_initable_init() said, said again */
  GosslContext    *context;        /* given, or the shared default once initialized */
  GIOStream       *base_io_stream;
  GosslConnection *connection;
  GosslTlsStream  *stream;
  GInputStream    *in;             /* the streams GIO code reads and writes */
  GOutputStream   *out;
  gboolean         disposing;

  /* GTlsConnection's properties */
  gboolean             require_close_notify;
  int                  rehandshake_mode;   /* deprecated by GIO, kept for the property */
  gboolean             use_system_certdb;
  gboolean             database_unset;     /* the default database, fetched when needed */
  GTlsDatabase        *database;
  GTlsInteraction     *interaction;
  GTlsCertificate     *certificate;
  GTlsCertificate     *peer_certificate;
  GTlsCertificateFlags peer_certificate_errors;
  char               **advertised_protocols;
  gboolean             advertised_protocols_set;
  char                *negotiated_protocol;
  GTlsProtocolVersion  protocol_version;
  char                *ciphersuite_name;

  /* GTlsClientConnection's */
  GSocketConnectable  *server_identity;
  GTlsCertificateFlags validation_flags;
  gboolean             use_ssl3;
  GPtrArray           *accepted_cas;       /* GByteArray: DER names */

  /* GTlsServerConnection's */
  GTlsAuthenticationMode authentication_mode;

  /* What OpenSSL's callbacks found during the handshake */
  gboolean         handshake_completed;
  gboolean         peer_examined;
  gboolean         peer_refused;
  int              refusal;          /* the X509_V_ERR_* the refusal is reported as */
  GError          *callback_error;   /* a failure of our own inside a callback */
  unsigned long    failure;          /* OpenSSL's first error when the handshake stopped */
  int              received_alert;   /* a fatal alert from the peer, or -1 */
  GCancellable    *cancellable;      /* of the handshake running, for the interaction */
};

#define CORE(obj) (((GosslTlsConnectionInstance *) (obj))->core)

static void propagate_error (GosslTlsCore *core, GError *inner, GError **error);

/* --- Shared state ------------------------------------------------------------ */

/* SSL ex_data slot holding the core of the connection that owns the SSL
 * (borrowed; cleared when the connection is disposed). */
static int
core_index (void)
{
  static gsize index;

  if (g_once_init_enter (&index))
    {
      int i = SSL_get_ex_new_index (0, (void *) "GosslTlsCore", NULL, NULL, NULL);

      g_assert (i >= 0);
      g_once_init_leave (&index, (gsize) i + 1);
    }
  return (int) index - 1;
}

static GosslTlsCore *
core_from_ssl (const SSL *ssl)
{
  return ssl != NULL ? SSL_get_ex_data (ssl, core_index ()) : NULL;
}

static SSL *
core_ssl (GosslTlsCore *core)
{
  return core->connection != NULL ? gossl_connection_get_native (core->connection) : NULL;
}

/* GIO's database of trusted CAs (the system's, from the TLS backend),
 * fetched once and shared by every connection: the backend keeps one
 * anyway, and loading a trust store per connection costs megabytes. */
static GTlsDatabase *
default_database (void)
{
  static GTlsDatabase *database;
  static gsize once;

  if (g_once_init_enter (&once))
    {
      database = g_tls_backend_get_default_database (g_tls_backend_get_default ());
      g_once_init_leave (&once, 1);
    }
  return database;
}

static GTlsDatabase *
core_database (GosslTlsCore *core)
{
  if (core->database_unset)
    {
      GTlsDatabase *database = core->use_system_certdb ? default_database () : NULL;

      core->database = database != NULL ? g_object_ref (database) : NULL;
      core->database_unset = FALSE;
    }
  return core->database;
}

/* The default server context's ALPN choice: the first of the connection's
 * advertised-protocols that the client offers, none when there is none in
 * common (as GIO's backends do: no fatal alert). */
static char *
select_advertised_protocol (GosslContext     *context,
                            GosslConnection  *connection,
                            char            **offered,
                            gpointer          user_data)
{
  GosslTlsCore *core = core_from_ssl (gossl_connection_get_native (connection));

  if (core == NULL || core->advertised_protocols == NULL)
    return NULL;
  for (char **ours = core->advertised_protocols; *ours != NULL; ours++)
    if (g_strv_contains ((const char * const *) offered, *ours))
      return g_strdup (*ours);
  return NULL;
}

/* One client and one server context for every connection made without a
 * context of its own, made when the first one is: certificates, verification
 * and ALPN are set on each connection, so they can share one SSL_CTX. */
static GosslContext *
default_context (gboolean   is_client,
                 GError   **error)
{
  static GosslContext *contexts[2];
  static GMutex lock;
  GosslContext *context;

  g_mutex_lock (&lock);
  context = contexts[is_client];
  if (context == NULL)
    {
      context = gossl_context_new (is_client ? GOSSL_METHOD_TLS_CLIENT : GOSSL_METHOD_TLS_SERVER,
                                   error);
      if (context != NULL && !is_client)
        g_signal_connect (context, "alpn-select", G_CALLBACK (select_advertised_protocol), NULL);
      contexts[is_client] = context;
    }
  g_mutex_unlock (&lock);
  return context;
}

/* --- Certificates between GIO and OpenSSL --------------------------------------- */

/* The peer's certificate as GIO's, with the certificates it sent above it
 * as its issuer chain, in order (peers may send them in any order). */
static GTlsCertificate *
tls_certificate_for_chain (X509            *leaf,
                           STACK_OF(X509)  *sent,
                           GError         **error)
{
  g_autoptr(GPtrArray) issuers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GosslX509) peer = NULL;
  int n = sent != NULL ? sk_X509_num (sent) : 0;
  g_autofree gboolean *used = g_new0 (gboolean, MAX (n, 1));
  X509 *current = leaf;

  /* Only names and key identifiers are compared: the signatures are the
   * database's to check. */
  ERR_set_mark ();
  for (int i = 0; i < n; i++)
    used[i] = X509_cmp (sk_X509_value (sent, i), leaf) == 0;
  while (X509_check_issued (current, current) != X509_V_OK)
    {
      X509 *next = NULL;

      for (int i = 0; i < n && next == NULL; i++)
        if (!used[i] && X509_check_issued (sk_X509_value (sent, i), current) == X509_V_OK)
          {
            used[i] = TRUE;
            next = sk_X509_value (sent, i);
          }
      if (next == NULL)
        break;
      X509_up_ref (next);
      g_ptr_array_add (issuers, gossl_x509_new_from_native (next));
      current = next;
    }
  ERR_pop_to_mark ();

  X509_up_ref (leaf);
  peer = gossl_x509_new_from_native (leaf);
  return gossl_x509_to_tls_certificate (peer, NULL, (GosslX509 **) issuers->pdata, issuers->len,
                                        error);
}

/* A GTlsCertificate as OpenSSL serves it, kept on the GTlsCertificate: a
 * server hands the same one to every connection. */
typedef struct {
  GosslPKey *key;
  GPtrArray *chain;   /* GosslX509: the certificate, then its issuers */
} ServedCertificate;

static void
served_certificate_free (gpointer data)
{
  ServedCertificate *served = data;

  g_object_unref (served->key);
  g_ptr_array_unref (served->chain);
  g_free (served);
}

static ServedCertificate *
served_certificate (GTlsCertificate  *certificate,
                    GError          **error)
{
  static GQuark quark;
  ServedCertificate *served;
  g_autoptr(GPtrArray) chain = NULL;
  GosslPKey *key;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("gossl-served-certificate");
  served = g_object_get_qdata (G_OBJECT (certificate), quark);
  if (served != NULL)
    return served;

  chain = gossl_x509_list_new_from_tls_certificate (certificate, error);
  if (chain == NULL)
    return NULL;
  key = gossl_pkey_new_from_tls_certificate (certificate, error);
  if (key == NULL)
    return NULL;
  served = g_new0 (ServedCertificate, 1);
  served->key = key;
  served->chain = g_steal_pointer (&chain);
  /* Two threads may get here for one certificate: the first one kept wins. */
  if (!g_object_replace_qdata (G_OBJECT (certificate), quark, NULL, served,
                               served_certificate_free, NULL))
    {
      served_certificate_free (served);
      served = g_object_get_qdata (G_OBJECT (certificate), quark);
    }
  return served;
}

static gboolean
use_certificate (SSL              *ssl,
                 GTlsCertificate  *certificate,
                 GError          **error)
{
  ServedCertificate *served = served_certificate (certificate, error);

  if (served == NULL)
    return FALSE;
  if (SSL_use_certificate (ssl, gossl_x509_get_native (served->chain->pdata[0])) != 1 ||
      SSL_use_PrivateKey (ssl, gossl_pkey_get_native (served->key)) != 1 ||
      SSL_clear_chain_certs (ssl) != 1)
    {
      gossl_set_error_from_openssl (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                                    "Could not use the connection's certificate");
      return FALSE;
    }
  for (guint i = 1; i < served->chain->len; i++)
    if (SSL_add1_chain_cert (ssl, gossl_x509_get_native (served->chain->pdata[i])) != 1)
      {
        gossl_set_error_from_openssl (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                                      "Could not use the issuers of the connection's certificate");
        return FALSE;
      }
  return TRUE;
}

/* --- Judging the peer -------------------------------------------------------------- */

static void
set_callback_error (GosslTlsCore *core,
                    GError       *error)
{
  /* The first failure is the cause; later ones follow from it. */
  if (core->callback_error == NULL)
    core->callback_error = error;
  else
    g_error_free (error);
}

/* What the database says about the peer's chain; GIO's rules: a client
 * without a server identity cannot check the name, and without a database
 * nothing is trusted. */
static GTlsCertificateFlags
verify_peer (GosslTlsCore    *core,
             GTlsCertificate *peer)
{
  GSocketConnectable *identity = core->is_client ? core->server_identity : NULL;
  GTlsDatabase *database = core_database (core);
  GTlsCertificateFlags errors = 0;

  if (core->is_client && identity == NULL)
    errors |= G_TLS_CERTIFICATE_BAD_IDENTITY;
  if (database == NULL)
    errors |= G_TLS_CERTIFICATE_UNKNOWN_CA | g_tls_certificate_verify (peer, identity, NULL);
  else
    {
      g_autoptr(GError) error = NULL;

      errors |= g_tls_database_verify_chain (database, peer,
                                             core->is_client ? G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER
                                                             : G_TLS_DATABASE_PURPOSE_AUTHENTICATE_CLIENT,
                                             identity, core->interaction, G_TLS_DATABASE_VERIFY_NONE,
                                             NULL, &error);
      if (error != NULL && errors == 0)
        errors = G_TLS_CERTIFICATE_GENERIC_ERROR;
    }
  return errors;
}

static void
set_peer_certificate (GosslTlsCore         *core,
                      GTlsCertificate      *peer,
                      GTlsCertificateFlags  errors)
{
  g_set_object (&core->peer_certificate, peer);
  core->peer_certificate_errors = errors;
  g_object_notify (G_OBJECT (core->owner), "peer-certificate");
  g_object_notify (G_OBJECT (core->owner), "peer-certificate-errors");
}

/* The X509_V_ERR_* a refusal is reported as: OpenSSL turns it into the
 * alert the peer gets (unknown_ca, certificate_expired ...) and
 * gossl_connection_get_verify_result() gives it. */
static int
refusal_for (GTlsCertificateFlags errors)
{
  static const struct {
    GTlsCertificateFlags flag;
    int                  result;
  } table[] = {
    { G_TLS_CERTIFICATE_UNKNOWN_CA, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY },
    { G_TLS_CERTIFICATE_REVOKED, X509_V_ERR_CERT_REVOKED },
    { G_TLS_CERTIFICATE_EXPIRED, X509_V_ERR_CERT_HAS_EXPIRED },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, X509_V_ERR_CERT_NOT_YET_VALID },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, X509_V_ERR_HOSTNAME_MISMATCH },
    { G_TLS_CERTIFICATE_INSECURE, X509_V_ERR_CA_MD_TOO_WEAK },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    if (errors & table[i].flag)
      return table[i].result;
  /* A bad_certificate alert. */
  return X509_V_ERR_CERT_REJECTED;
}

/* GIO's judgement of the peer, once per handshake: the database's
 * verdict, then accept-certificate where GIO emits it: on a client for
 * errors its validation-flags care about, on a server whenever the client
 * presents a certificate (GTlsConnection::accept-certificate's contract). */
static void
examine_peer (GosslTlsCore   *core,
              X509           *leaf,
              STACK_OF(X509) *sent)
{
  GError *error = NULL;
  g_autoptr(GTlsCertificate) peer = NULL;
  GTlsCertificateFlags errors;
  gboolean accepted = FALSE;

  core->peer_examined = TRUE;
  peer = tls_certificate_for_chain (leaf, sent, &error);
  if (peer == NULL)
    {
      /* No TLS backend (G_TLS_ERROR_UNAVAILABLE), or a certificate GIO
       * cannot read: nothing to judge it with. */
      set_callback_error (core, error);
      core->peer_refused = TRUE;
      core->refusal = X509_V_ERR_APPLICATION_VERIFICATION;
      return;
    }
  errors = verify_peer (core, peer);
  if (core->is_client)
    {
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      accepted = (errors & core->validation_flags) == 0;
      G_GNUC_END_IGNORE_DEPRECATIONS
    }
  if (!accepted)
    accepted = g_tls_connection_emit_accept_certificate (core->owner, peer, errors);
  core->peer_refused = !accepted;
  core->refusal = refusal_for (errors);
  /* Set after accept-certificate, as GIO documents. */
  set_peer_certificate (core, peer, errors);
}

/* OpenSSL's verification callback, set on each of our SSLs: called for
 * each certificate of the chain OpenSSL builds, it answers GIO's verdict,
 * reached on the first call. OpenSSL's own findings do not count. */
static int
verify_cb (int             preverify_ok,
           X509_STORE_CTX *store_ctx)
{
  SSL *ssl = X509_STORE_CTX_get_ex_data (store_ctx, SSL_get_ex_data_X509_STORE_CTX_idx ());
  GosslTlsCore *core = core_from_ssl (ssl);

  if (core == NULL)
    return 0;
  if (!core->peer_examined)
    examine_peer (core, X509_STORE_CTX_get0_cert (store_ctx),
                  X509_STORE_CTX_get0_untrusted (store_ctx));
  if (core->peer_refused)
    {
      X509_STORE_CTX_set_error (store_ctx, core->refusal);
      return 0;
    }
  X509_STORE_CTX_set_error (store_ctx, X509_V_OK);
  return 1;
}

/* The CA names a server asked for client certificates from: GIO's
 * accepted-cas. */
static void
note_accepted_cas (GosslTlsCore *core,
                   SSL          *ssl)
{
  const STACK_OF(X509_NAME) *names = SSL_get0_peer_CA_list (ssl);

  g_clear_pointer (&core->accepted_cas, g_ptr_array_unref);
  core->accepted_cas = g_ptr_array_new_with_free_func ((GDestroyNotify) g_byte_array_unref);
  for (int i = 0; names != NULL && i < sk_X509_NAME_num (names); i++)
    {
      unsigned char *der = NULL;
      int len = i2d_X509_NAME (sk_X509_NAME_value (names, i), &der);

      if (len > 0)
        g_ptr_array_add (core->accepted_cas, g_byte_array_new_take (g_memdup2 (der, (gsize) len),
                                                                    (gsize) len));
      OPENSSL_free (der);
    }
  g_object_notify (G_OBJECT (core->owner), "accepted-cas");
}

/* A client certificate from the interaction, if it has one: its handler
 * sets it with g_tls_connection_set_certificate(). FALSE when the
 * interaction failed, which ends the handshake. */
static gboolean
ask_for_certificate (GosslTlsCore *core)
{
  GError *error = NULL;

  if (g_tls_interaction_invoke_request_certificate (core->interaction, core->owner, 0,
                                                    core->cancellable, &error) !=
      G_TLS_INTERACTION_FAILED)
    {
      g_clear_error (&error);
      return TRUE;
    }
  if (error == NULL)
    error = g_error_new_literal (G_TLS_ERROR, G_TLS_ERROR_CERTIFICATE_REQUIRED,
                                 "The interaction could not give a client certificate");
  set_callback_error (core, error);
  return FALSE;
}

/* OpenSSL's certificate callback, set on each of our SSLs: a server calls
 * it for each ClientHello, a client when the server asks for a
 * certificate. It puts the connection's certificate on the SSL. */
static int
cert_cb (SSL  *ssl,
         void *arg)
{
  GosslTlsCore *core = core_from_ssl (ssl);
  GError *error = NULL;

  if (core == NULL)
    return 1;
  if (core->is_client)
    {
      note_accepted_cas (core, ssl);
      if (core->certificate == NULL && core->interaction != NULL && !ask_for_certificate (core))
        return 0;
      /* Without one, the server decides whether to go on. */
      if (core->certificate == NULL)
        return 1;
    }
  else if (core->certificate == NULL)
    {
      /* The context's own, if it has one. */
      if (SSL_get_certificate (ssl) != NULL)
        return 1;
      set_callback_error (core, g_error_new_literal (G_TLS_ERROR, G_TLS_ERROR_MISC,
                                                     "The server has no certificate: set "
                                                     "GTlsConnection:certificate"));
      return 0;
    }
  if (!use_certificate (ssl, core->certificate, &error))
    {
      set_callback_error (core, error);
      return 0;
    }
  return 1;
}

/* --- The handshake's outcome ---------------------------------------------------------- */

static void
set_string (GosslTlsCore *core,
            char        **field,
            const char   *value,
            const char   *property)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify (G_OBJECT (core->owner), property);
}

/* At the end of each handshake (OpenSSL's SSL_CB_HANDSHAKE_DONE). */
static void
handshake_done (GosslTlsCore *core,
                const SSL    *ssl)
{
  const SSL_CIPHER *cipher = SSL_get_current_cipher (ssl);
  const unsigned char *alpn = NULL;
  unsigned int alpn_len = 0;
  g_autofree char *protocol = NULL;
  GTlsProtocolVersion version = gossl_protocol_version_from_native (SSL_version (ssl));

  core->handshake_completed = TRUE;
  /* A resumed session's peer was accepted when the session began: its
   * certificate is judged for the properties, without asking again. */
  if (!core->peer_examined && SSL_get0_peer_certificate (ssl) != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GTlsCertificate) peer = NULL;

      core->peer_examined = TRUE;
      peer = tls_certificate_for_chain (SSL_get0_peer_certificate (ssl),
                                        SSL_get_peer_cert_chain (ssl), &error);
      if (peer != NULL)
        set_peer_certificate (core, peer, verify_peer (core, peer));
    }

  SSL_get0_alpn_selected (ssl, &alpn, &alpn_len);
  if (alpn_len > 0)
    protocol = g_strndup ((const char *) alpn, alpn_len);
  set_string (core, &core->negotiated_protocol, protocol, "negotiated-protocol");
  set_string (core, &core->ciphersuite_name,
              cipher != NULL ? SSL_CIPHER_standard_name (cipher) : NULL, "ciphersuite-name");
  if (core->protocol_version != version)
    {
      core->protocol_version = version;
      g_object_notify (G_OBJECT (core->owner), "protocol-version");
    }
}

/* OpenSSL's information callback, set on each of our SSLs: it notes why a
 * handshake stopped and when one is done, then calls the context's own
 * (the GosslContext::info signal). */
static void
info_cb (const SSL *ssl,
         int        where,
         int        ret)
{
  GosslTlsCore *core = core_from_ssl (ssl);
  void (*context_cb) (const SSL *, int, int) = SSL_CTX_get_info_callback (SSL_get_SSL_CTX (ssl));

  if (core != NULL)
    {
      /* The queue still holds the reason here: gossl reads and clears it
       * once the call returns. */
      if ((where & SSL_CB_EXIT) && ret <= 0 && core->failure == 0)
        core->failure = ERR_peek_error ();
      if ((where & SSL_CB_READ_ALERT) && (ret >> 8) == SSL3_AL_FATAL && core->received_alert < 0)
        core->received_alert = ret & 0xff;
      if (where & SSL_CB_HANDSHAKE_DONE)
        handshake_done (core, ssl);
    }
  if (context_cb != NULL)
    context_cb (ssl, where, ret);
}

/* --- Errors --------------------------------------------------------------------- */

static char *
describe_flags (GTlsCertificateFlags errors)
{
  static const struct {
    GTlsCertificateFlags flag;
    const char          *text;
  } table[] = {
    { G_TLS_CERTIFICATE_UNKNOWN_CA, "its issuer is not trusted" },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, "it is not for the expected identity" },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, "it is not valid yet" },
    { G_TLS_CERTIFICATE_EXPIRED, "it has expired" },
    { G_TLS_CERTIFICATE_REVOKED, "it has been revoked" },
    { G_TLS_CERTIFICATE_INSECURE, "it uses an insecure algorithm" },
    { G_TLS_CERTIFICATE_GENERIC_ERROR, "it could not be verified" },
  };
  g_autoptr(GString) text = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    if (errors & table[i].flag)
      g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", table[i].text);
  if (text->len == 0)
    g_string_append (text, "no accept-certificate handler accepted it");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
is_not_tls_reason (int reason)
{
  switch (reason)
    {
    case SSL_R_WRONG_VERSION_NUMBER:
    case SSL_R_UNKNOWN_PROTOCOL:
    case SSL_R_PACKET_LENGTH_TOO_LONG:
    case SSL_R_RECORD_LENGTH_MISMATCH:
    case SSL_R_HTTP_REQUEST:
    case SSL_R_HTTPS_PROXY_REQUEST:
    case SSL_R_BAD_PACKET_LENGTH:
    case SSL_R_UNKNOWN_ALERT_TYPE:
      return TRUE;
    default:
      return FALSE;
    }
}

/* The one place where a gossl error becomes GIO's: everything these
 * classes report is a G_TLS_ERROR or a G_IO_ERROR. @inner is consumed. */
static void
propagate_error (GosslTlsCore *core,
                 GError       *inner,
                 GError      **error)
{
  /* OpenSSL's own state says "not finished" after any failure. */
  gboolean handshaking = core->connection != NULL && !core->handshake_completed;
  int reason = ERR_GET_LIB (core->failure) == ERR_LIB_SSL ? ERR_GET_REASON (core->failure) : 0;
  g_autoptr(GError) owned = inner;

  /* GIO's own (cancelled, closed, the base stream's) stay as they are. */
  if (inner->domain == G_IO_ERROR || inner->domain == G_TLS_ERROR)
    g_propagate_error (error, g_steal_pointer (&owned));
  else if (core->callback_error != NULL)
    g_propagate_error (error, g_error_copy (core->callback_error));
  else if (core->peer_examined && core->peer_refused)
    {
      g_autofree char *why = describe_flags (core->peer_certificate_errors);

      g_set_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                   "Unacceptable TLS certificate: %s", why);
    }
  else if (core->received_alert == SSL_AD_CERTIFICATE_REQUIRED ||
           reason == SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE)
    g_set_error (error, G_TLS_ERROR, G_TLS_ERROR_CERTIFICATE_REQUIRED,
                 "The TLS peer requires a certificate: %s", inner->message);
  else if (core->received_alert == SSL_AD_BAD_CERTIFICATE ||
           core->received_alert == SSL_AD_UNSUPPORTED_CERTIFICATE ||
           core->received_alert == SSL_AD_CERTIFICATE_REVOKED ||
           core->received_alert == SSL_AD_CERTIFICATE_EXPIRED ||
           core->received_alert == SSL_AD_CERTIFICATE_UNKNOWN ||
           core->received_alert == SSL_AD_UNKNOWN_CA ||
           core->received_alert == SSL_AD_ACCESS_DENIED)
    g_set_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                 "The TLS peer refused our certificate: %s", inner->message);
  else if (g_error_matches (inner, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_BAD_CERTIFICATE))
    g_set_error_literal (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, inner->message);
  else if (g_error_matches (inner, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_CERTIFICATE_REQUIRED))
    g_set_error_literal (error, G_TLS_ERROR, G_TLS_ERROR_CERTIFICATE_REQUIRED, inner->message);
  else if (g_error_matches (inner, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_NOT_TLS) ||
           (handshaking && is_not_tls_reason (reason)))
    g_set_error (error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS,
                 "The peer does not speak TLS: %s", inner->message);
  else if (g_error_matches (inner, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_EOF) ||
           g_error_matches (inner, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_SYSCALL) ||
           g_error_matches (inner, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_ZERO_RETURN))
    {
      /* The transport ended without a close_notify. */
      if (handshaking)
        g_set_error (error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS,
                     "The peer closed the connection during the TLS handshake");
      else
        g_set_error_literal (error, G_TLS_ERROR, G_TLS_ERROR_EOF,
                             "TLS connection closed unexpectedly");
    }
  else if (handshaking || g_error_matches (inner, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_HANDSHAKE))
    g_set_error (error, G_TLS_ERROR, G_TLS_ERROR_HANDSHAKE,
                 "TLS handshake failed: %s", inner->message);
  else
    g_set_error (error, G_TLS_ERROR, G_TLS_ERROR_MISC, "TLS error: %s", inner->message);
}

static gboolean
check_initialized (GosslTlsCore  *core,
                   GError       **error)
{
  if (G_LIKELY (core->stream != NULL))
    return TRUE;
  if (core->init_error != NULL)
    g_propagate_error (error, g_error_copy (core->init_error));
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                 "The %s was not initialized: make it with its constructor or g_initable_new()",
                 G_OBJECT_TYPE_NAME (core->owner));
  return FALSE;
}

/* --- The input and output streams ---------------------------------------------- */

/* Private classes (the leading underscore keeps g-ir-scanner out). They
 * pass reads and writes to the GosslTlsStream's streams and GIO's errors
 * back. They point to the core without a reference, cleared when the
 * connection is disposed. */

#define GOSSL_TYPE_TLS_CONNECTION_INPUT (_gossl_tls_connection_input_get_type ())
G_DECLARE_FINAL_TYPE (GosslTlsConnectionInput, _gossl_tls_connection_input, GOSSL,
                      TLS_CONNECTION_INPUT, GInputStream)

struct _GosslTlsConnectionInput
{
  GInputStream  parent_instance;
  GosslTlsCore *core;
};

static void gossl_tls_connection_input_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GosslTlsConnectionInput, _gossl_tls_connection_input,
                               G_TYPE_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      gossl_tls_connection_input_pollable_init))

static GInputStream *
inner_input (gpointer   stream,
             GError   **error)
{
  GosslTlsCore *core = ((GosslTlsConnectionInput *) stream)->core;

  if (core == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, "The TLS connection is gone");
      return NULL;
    }
  if (!check_initialized (core, error))
    return NULL;
  return g_io_stream_get_input_stream (G_IO_STREAM (core->stream));
}

/* A read's outcome in GIO's terms: without require-close-notify, a peer
 * that just closes the transport ends the stream. */
static gssize
finish_read (GosslTlsCore  *core,
             gssize         n,
             GError        *inner,
             GError       **error)
{
  GError *mapped = NULL;

  if (n >= 0)
    return n;
  propagate_error (core, inner, &mapped);
  if (!core->require_close_notify && g_error_matches (mapped, G_TLS_ERROR, G_TLS_ERROR_EOF))
    {
      g_error_free (mapped);
      return 0;
    }
  g_propagate_error (error, mapped);
  return -1;
}

static gssize
connection_input_read (GInputStream  *stream,
                       void          *buffer,
                       gsize          count,
                       GCancellable  *cancellable,
                       GError       **error)
{
  GInputStream *inner = inner_input (stream, error);
  GError *inner_error = NULL;
  gssize n;

  if (inner == NULL)
    return -1;
  n = g_input_stream_read (inner, buffer, count, cancellable, &inner_error);
  return finish_read (((GosslTlsConnectionInput *) stream)->core, n, inner_error, error);
}

static gboolean
connection_input_close (GInputStream  *stream,
                        GCancellable  *cancellable,
                        GError       **error)
{
  /* Closing one direction closes nothing: g_io_stream_close() does. */
  return TRUE;
}

static void
connection_input_close_async (GInputStream        *stream,
                              int                  io_priority,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task = g_task_new (stream, cancellable, callback, user_data);

  g_task_set_source_tag (task, connection_input_close_async);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static gboolean
connection_input_close_finish (GInputStream  *stream,
                               GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
connection_input_can_poll (GPollableInputStream *stream)
{
  return TRUE;
}

static gboolean
connection_input_is_readable (GPollableInputStream *stream)
{
  GInputStream *inner = inner_input (stream, NULL);

  /* Unusable: "readable", for the read to report it. */
  return inner == NULL || g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (inner));
}

static GSource *
connection_input_create_source (GPollableInputStream *stream,
                                GCancellable         *cancellable)
{
  GInputStream *inner = inner_input (stream, NULL);
  g_autoptr(GSource) child = NULL;

  child = inner != NULL ? g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (inner), NULL)
                        : g_timeout_source_new (0);
  return g_pollable_source_new_full (stream, child, cancellable);
}

static gssize
connection_input_read_nonblocking (GPollableInputStream  *stream,
                                   void                  *buffer,
                                   gsize                  count,
                                   GError               **error)
{
  GInputStream *inner = inner_input (stream, error);
  GError *inner_error = NULL;
  gssize n;

  if (inner == NULL)
    return -1;
  n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (inner), buffer, count,
                                                NULL, &inner_error);
  return finish_read (((GosslTlsConnectionInput *) stream)->core, n, inner_error, error);
}

static void
gossl_tls_connection_input_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = connection_input_can_poll;
  iface->is_readable = connection_input_is_readable;
  iface->create_source = connection_input_create_source;
  iface->read_nonblocking = connection_input_read_nonblocking;
}

static void
_gossl_tls_connection_input_class_init (GosslTlsConnectionInputClass *klass)
{
  GInputStreamClass *input_class = G_INPUT_STREAM_CLASS (klass);

  input_class->read_fn = connection_input_read;
  input_class->close_fn = connection_input_close;
  input_class->close_async = connection_input_close_async;
  input_class->close_finish = connection_input_close_finish;
}

static void
_gossl_tls_connection_input_init (GosslTlsConnectionInput *self)
{
}

#define GOSSL_TYPE_TLS_CONNECTION_OUTPUT (_gossl_tls_connection_output_get_type ())
G_DECLARE_FINAL_TYPE (GosslTlsConnectionOutput, _gossl_tls_connection_output, GOSSL,
                      TLS_CONNECTION_OUTPUT, GOutputStream)

struct _GosslTlsConnectionOutput
{
  GOutputStream  parent_instance;
  GosslTlsCore  *core;
};

static void gossl_tls_connection_output_pollable_init (GPollableOutputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GosslTlsConnectionOutput, _gossl_tls_connection_output,
                               G_TYPE_OUTPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_OUTPUT_STREAM,
                                                      gossl_tls_connection_output_pollable_init))

static GOutputStream *
inner_output (gpointer   stream,
              GError   **error)
{
  GosslTlsCore *core = ((GosslTlsConnectionOutput *) stream)->core;

  if (core == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, "The TLS connection is gone");
      return NULL;
    }
  if (!check_initialized (core, error))
    return NULL;
  return g_io_stream_get_output_stream (G_IO_STREAM (core->stream));
}

static gssize
finish_write (GosslTlsCore  *core,
              gssize         n,
              GError        *inner,
              GError       **error)
{
  if (n >= 0)
    return n;
  propagate_error (core, inner, error);
  return -1;
}

static gssize
connection_output_write (GOutputStream  *stream,
                         const void     *buffer,
                         gsize           count,
                         GCancellable   *cancellable,
                         GError        **error)
{
  GOutputStream *inner = inner_output (stream, error);
  GError *inner_error = NULL;
  gssize n;

  if (inner == NULL)
    return -1;
  n = g_output_stream_write (inner, buffer, count, cancellable, &inner_error);
  return finish_write (((GosslTlsConnectionOutput *) stream)->core, n, inner_error, error);
}

static gboolean
connection_output_flush (GOutputStream  *stream,
                         GCancellable   *cancellable,
                         GError        **error)
{
  GOutputStream *inner = inner_output (stream, error);
  GError *inner_error = NULL;

  if (inner == NULL)
    return FALSE;
  /* g_output_stream_close() flushes, after the connection closed. */
  if (g_output_stream_is_closed (inner))
    return TRUE;
  if (g_output_stream_flush (inner, cancellable, &inner_error))
    return TRUE;
  propagate_error (((GosslTlsConnectionOutput *) stream)->core, inner_error, error);
  return FALSE;
}

static void
inner_flushed (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GosslTlsConnectionOutput *self = g_task_get_source_object (task);
  GError *inner_error = NULL;

  if (g_output_stream_flush_finish (G_OUTPUT_STREAM (source), result, &inner_error))
    g_task_return_boolean (task, TRUE);
  else if (self->core == NULL)
    g_task_return_error (task, inner_error);
  else
    {
      GError *error = NULL;

      propagate_error (self->core, inner_error, &error);
      g_task_return_error (task, error);
    }
}

/* GOutputStream's own would flush on a thread: not with a stream that
 * belongs to a main loop. */
static void
connection_output_flush_async (GOutputStream       *stream,
                               int                  io_priority,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GError *error = NULL;
  GOutputStream *inner = inner_output (stream, &error);
  GTask *task = g_task_new (stream, cancellable, callback, user_data);

  g_task_set_source_tag (task, connection_output_flush_async);
  if (inner == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (g_output_stream_is_closed (inner))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  g_output_stream_flush_async (inner, io_priority, cancellable, inner_flushed, task);
}

static gboolean
connection_output_flush_finish (GOutputStream  *stream,
                                GAsyncResult   *result,
                                GError        **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
connection_output_close (GOutputStream  *stream,
                         GCancellable   *cancellable,
                         GError        **error)
{
  return TRUE;
}

static void
connection_output_close_async (GOutputStream       *stream,
                               int                  io_priority,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task = g_task_new (stream, cancellable, callback, user_data);

  g_task_set_source_tag (task, connection_output_close_async);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static gboolean
connection_output_close_finish (GOutputStream  *stream,
                                GAsyncResult   *result,
                                GError        **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
connection_output_can_poll (GPollableOutputStream *stream)
{
  return TRUE;
}

static gboolean
connection_output_is_writable (GPollableOutputStream *stream)
{
  GOutputStream *inner = inner_output (stream, NULL);

  return inner == NULL || g_pollable_output_stream_is_writable (G_POLLABLE_OUTPUT_STREAM (inner));
}

static GSource *
connection_output_create_source (GPollableOutputStream *stream,
                                 GCancellable          *cancellable)
{
  GOutputStream *inner = inner_output (stream, NULL);
  g_autoptr(GSource) child = NULL;

  child = inner != NULL ? g_pollable_output_stream_create_source (G_POLLABLE_OUTPUT_STREAM (inner), NULL)
                        : g_timeout_source_new (0);
  return g_pollable_source_new_full (stream, child, cancellable);
}

static gssize
connection_output_write_nonblocking (GPollableOutputStream  *stream,
                                     const void             *buffer,
                                     gsize                   count,
                                     GError                **error)
{
  GOutputStream *inner = inner_output (stream, error);
  GError *inner_error = NULL;
  gssize n;

  if (inner == NULL)
    return -1;
  n = g_pollable_output_stream_write_nonblocking (G_POLLABLE_OUTPUT_STREAM (inner), buffer, count,
                                                  NULL, &inner_error);
  return finish_write (((GosslTlsConnectionOutput *) stream)->core, n, inner_error, error);
}

static void
gossl_tls_connection_output_pollable_init (GPollableOutputStreamInterface *iface)
{
  iface->can_poll = connection_output_can_poll;
  iface->is_writable = connection_output_is_writable;
  iface->create_source = connection_output_create_source;
  iface->write_nonblocking = connection_output_write_nonblocking;
}

static void
_gossl_tls_connection_output_class_init (GosslTlsConnectionOutputClass *klass)
{
  GOutputStreamClass *output_class = G_OUTPUT_STREAM_CLASS (klass);

  output_class->write_fn = connection_output_write;
  output_class->flush = connection_output_flush;
  output_class->flush_async = connection_output_flush_async;
  output_class->flush_finish = connection_output_flush_finish;
  output_class->close_fn = connection_output_close;
  output_class->close_async = connection_output_close_async;
  output_class->close_finish = connection_output_close_finish;
}

static void
_gossl_tls_connection_output_init (GosslTlsConnectionOutput *self)
{
}

/* --- Setting up the connection ------------------------------------------------- */

static int
verify_mode (GosslTlsCore *core)
{
  if (core->is_client)
    return SSL_VERIFY_PEER;
  switch (core->authentication_mode)
    {
    case G_TLS_AUTHENTICATION_REQUESTED:
      return SSL_VERIFY_PEER;
    case G_TLS_AUTHENTICATION_REQUIRED:
      return SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
    case G_TLS_AUTHENTICATION_NONE:
    default:
      return SSL_VERIFY_NONE;
    }
}

/* The host name of the server identity, for SNI: none for an address. */
static const char *
server_host_name (GosslTlsCore *core)
{
  const char *name = NULL;

  if (G_IS_NETWORK_ADDRESS (core->server_identity))
    name = g_network_address_get_hostname (G_NETWORK_ADDRESS (core->server_identity));
  else if (G_IS_NETWORK_SERVICE (core->server_identity))
    name = g_network_service_get_domain (G_NETWORK_SERVICE (core->server_identity));
  /* RFC 6066: no IP addresses as server names. */
  if (name == NULL || *name == '\0' || g_hostname_is_ip_address (name))
    return NULL;
  return name;
}

/* Settings a property changes on the SSL, which count until the handshake
 * starts. */
static void
apply_settings (GosslTlsCore *core)
{
  SSL *ssl = core_ssl (core);

  if (ssl == NULL || !SSL_in_before (ssl))
    return;
  SSL_set_verify (ssl, verify_mode (core), verify_cb);
  if (core->is_client)
    {
      const char *host = server_host_name (core);
      static const char * const none[] = { NULL };

      /* A server name that OpenSSL refuses is just not sent. */
      if (host == NULL || !gossl_connection_set_tlsext_host_name (core->connection, host, NULL))
        SSL_set_tlsext_host_name (ssl, NULL);
      /* Until the property is set, a context's own list counts. A list
       * OpenSSL refuses (an empty name) is not offered. */
      if (core->advertised_protocols_set &&
          !gossl_connection_set_alpn_protos (core->connection,
                                             core->advertised_protocols != NULL
                                               ? (const char * const *) core->advertised_protocols
                                               : none,
                                             NULL))
        gossl_connection_set_alpn_protos (core->connection, none, NULL);
    }
  else
    {
      /* Servers on one context share its session cache: a session resumes
       * only on a connection that serves the same certificate with the same
       * client authentication. */
      g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
      g_autoptr(GByteArray) der = NULL;
      guint8 mode = (guint8) core->authentication_mode;
      guint8 digest[SSL_MAX_SID_CTX_LENGTH];
      gsize len = sizeof digest;

      if (core->certificate != NULL)
        g_object_get (core->certificate, "certificate", &der, NULL);
      if (der != NULL)
        g_checksum_update (sum, der->data, der->len);
      g_checksum_update (sum, &mode, 1);
      g_checksum_get_digest (sum, digest, &len);
      SSL_set_session_id_context (ssl, digest, (unsigned int) len);
    }
}

static gboolean
set_up (GosslTlsCore  *core,
        GError       **error)
{
  GosslContext *context = core->context;
  GError *inner = NULL;
  SSL *ssl;

  if (core->base_io_stream == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "A %s needs a base-io-stream", G_OBJECT_TYPE_NAME (core->owner));
      return FALSE;
    }
  if (context == NULL)
    {
      context = default_context (core->is_client, &inner);
      if (context == NULL)
        {
          propagate_error (core, inner, error);
          return FALSE;
        }
      core->context = g_object_ref (context);
    }

  core->connection = gossl_connection_new_memory (context, &inner);
  if (core->connection == NULL)
    {
      propagate_error (core, inner, error);
      return FALSE;
    }
  if (core->is_client)
    gossl_connection_set_connect_state (core->connection);
  else
    gossl_connection_set_accept_state (core->connection);
  core->stream = gossl_tls_stream_new (core->connection, core->base_io_stream, &inner);
  if (core->stream == NULL)
    {
      propagate_error (core, inner, error);
      return FALSE;
    }

  ssl = gossl_connection_get_native (core->connection);
  SSL_set_ex_data (ssl, core_index (), core);
  /* GIO's backends refuse renegotiation too. */
  SSL_set_options (ssl, SSL_OP_NO_RENEGOTIATION);
  SSL_set_cert_cb (ssl, cert_cb, NULL);
  SSL_set_info_callback (ssl, info_cb);
  apply_settings (core);
  return TRUE;
}

static gboolean
gossl_tls_connection_initable_init (GInitable     *initable,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  GosslTlsCore *core = CORE (initable);

  if (!core->init_done)
    {
      core->init_done = TRUE;
      if (!set_up (core, &core->init_error))
        g_clear_object (&core->stream);
    }
  if (core->init_error != NULL)
    {
      g_propagate_error (error, g_error_copy (core->init_error));
      return FALSE;
    }
  return TRUE;
}

void
gossl_tls_connection_initable_iface_init (GInitableIface *iface)
{
  iface->init = gossl_tls_connection_initable_init;
}

/* --- GIOStream and GTlsConnection ---------------------------------------------- */

static GInputStream *
gossl_tls_connection_get_input_stream (GIOStream *stream)
{
  return CORE (stream)->in;
}

static GOutputStream *
gossl_tls_connection_get_output_stream (GIOStream *stream)
{
  return CORE (stream)->out;
}

static void
close_substreams (GosslTlsCore *core)
{
  /* Their close functions do nothing; later reads and writes fail. */
  g_input_stream_close (core->in, NULL, NULL);
  g_output_stream_close (core->out, NULL, NULL);
}

static gboolean
gossl_tls_connection_close_fn (GIOStream     *stream,
                               GCancellable  *cancellable,
                               GError       **error)
{
  GosslTlsCore *core = CORE (stream);
  GError *inner = NULL;

  if (core->disposing)
    {
      /* Dropping the last reference must not block on the peer: the TLS
       * stream, dropped too, closes without waiting. */
      g_clear_object (&core->stream);
      return TRUE;
    }
  if (!check_initialized (core, error))
    return FALSE;
  if (g_io_stream_close (G_IO_STREAM (core->stream), cancellable, &inner))
    {
      close_substreams (core);
      return TRUE;
    }
  close_substreams (core);
  propagate_error (core, inner, error);
  return FALSE;
}

static void
inner_closed (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GosslTlsCore *core = CORE (g_task_get_source_object (task));
  GError *inner = NULL;
  gboolean ok = g_io_stream_close_finish (G_IO_STREAM (source), result, &inner);

  close_substreams (core);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    {
      GError *error = NULL;

      propagate_error (core, inner, &error);
      g_task_return_error (task, error);
    }
}

static void
gossl_tls_connection_close_async (GIOStream           *stream,
                                  int                  io_priority,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GosslTlsCore *core = CORE (stream);
  GTask *task = g_task_new (stream, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, gossl_tls_connection_close_async);
  if (!check_initialized (core, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_io_stream_close_async (G_IO_STREAM (core->stream), io_priority, cancellable, inner_closed, task);
}

static gboolean
gossl_tls_connection_close_finish (GIOStream     *stream,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
gossl_tls_connection_handshake (GTlsConnection  *conn,
                                GCancellable    *cancellable,
                                GError         **error)
{
  GosslTlsCore *core = CORE (conn);
  GError *inner = NULL;
  gboolean ok;

  if (!check_initialized (core, error))
    return FALSE;
  /* The properties the handshake sets are notified once it is over. */
  g_object_freeze_notify (G_OBJECT (conn));
  core->cancellable = cancellable;
  ok = gossl_tls_stream_handshake (core->stream, cancellable, &inner);
  core->cancellable = NULL;
  if (!ok)
    propagate_error (core, inner, error);
  g_object_thaw_notify (G_OBJECT (conn));
  return ok;
}

static void
inner_handshake_done (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GObject *conn = g_task_get_source_object (task);
  GosslTlsCore *core = CORE (conn);
  GError *inner = NULL;

  GError *error = NULL;

  core->cancellable = NULL;
  if (!gossl_tls_stream_handshake_finish (GOSSL_TLS_STREAM (source), result, &inner))
    propagate_error (core, inner, &error);
  /* Notified before the caller hears of the outcome, as synchronously. */
  g_object_thaw_notify (conn);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
gossl_tls_connection_handshake_async (GTlsConnection      *conn,
                                      int                  io_priority,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GosslTlsCore *core = CORE (conn);
  GTask *task = g_task_new (conn, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, gossl_tls_connection_handshake_async);
  if (!check_initialized (core, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_object_freeze_notify (G_OBJECT (conn));
  core->cancellable = cancellable;
  gossl_tls_stream_handshake_async (core->stream, io_priority, cancellable, inner_handshake_done,
                                    task);
}

static gboolean
gossl_tls_connection_handshake_finish (GTlsConnection  *conn,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, conn), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static const char *
gossl_tls_connection_get_negotiated_protocol (GTlsConnection *conn)
{
  return CORE (conn)->negotiated_protocol;
}

/* --- GObject ------------------------------------------------------------------ */

static GList *
accepted_cas_list (GosslTlsCore *core)
{
  GList *list = NULL;

  for (guint i = core->accepted_cas != NULL ? core->accepted_cas->len : 0; i-- > 0;)
    list = g_list_prepend (list, g_byte_array_ref (core->accepted_cas->pdata[i]));
  return list;
}

static void
gossl_tls_connection_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  GosslTlsCore *core = CORE (object);

  switch ((GosslTlsProperty) prop_id)
    {
    case GOSSL_TLS_PROP_BASE_IO_STREAM:
      g_value_set_object (value, core->base_io_stream);
      break;
    case GOSSL_TLS_PROP_REQUIRE_CLOSE_NOTIFY:
      g_value_set_boolean (value, core->require_close_notify);
      break;
    case GOSSL_TLS_PROP_REHANDSHAKE_MODE:
      g_value_set_enum (value, core->rehandshake_mode);
      break;
    case GOSSL_TLS_PROP_USE_SYSTEM_CERTDB:
      g_value_set_boolean (value, core->use_system_certdb);
      break;
    case GOSSL_TLS_PROP_DATABASE:
      g_value_set_object (value, core_database (core));
      break;
    case GOSSL_TLS_PROP_INTERACTION:
      g_value_set_object (value, core->interaction);
      break;
    case GOSSL_TLS_PROP_CERTIFICATE:
      g_value_set_object (value, core->certificate);
      break;
    case GOSSL_TLS_PROP_PEER_CERTIFICATE:
      g_value_set_object (value, core->peer_certificate);
      break;
    case GOSSL_TLS_PROP_PEER_CERTIFICATE_ERRORS:
      g_value_set_flags (value, core->peer_certificate_errors);
      break;
    case GOSSL_TLS_PROP_ADVERTISED_PROTOCOLS:
      g_value_set_boxed (value, core->advertised_protocols);
      break;
    case GOSSL_TLS_PROP_NEGOTIATED_PROTOCOL:
      g_value_set_string (value, core->negotiated_protocol);
      break;
    case GOSSL_TLS_PROP_PROTOCOL_VERSION:
      g_value_set_enum (value, core->protocol_version);
      break;
    case GOSSL_TLS_PROP_CIPHERSUITE_NAME:
      g_value_set_string (value, core->ciphersuite_name);
      break;
    case GOSSL_TLS_PROP_VALIDATION_FLAGS:
      g_value_set_flags (value, core->validation_flags);
      break;
    case GOSSL_TLS_PROP_SERVER_IDENTITY:
      g_value_set_object (value, core->server_identity);
      break;
    case GOSSL_TLS_PROP_USE_SSL3:
      g_value_set_boolean (value, core->use_ssl3);
      break;
    case GOSSL_TLS_PROP_ACCEPTED_CAS:
      g_value_set_pointer (value, accepted_cas_list (core));
      break;
    case GOSSL_TLS_PROP_AUTHENTICATION_MODE:
      g_value_set_enum (value, core->authentication_mode);
      break;
    case GOSSL_TLS_PROP_CONTEXT:
      g_value_set_object (value, core->context);
      break;
    case GOSSL_TLS_PROP_0:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gossl_tls_connection_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  GosslTlsCore *core = CORE (object);

  switch ((GosslTlsProperty) prop_id)
    {
    case GOSSL_TLS_PROP_BASE_IO_STREAM:
      g_set_object (&core->base_io_stream, g_value_get_object (value));
      break;
    case GOSSL_TLS_PROP_REQUIRE_CLOSE_NOTIFY:
      core->require_close_notify = g_value_get_boolean (value);
      break;
    case GOSSL_TLS_PROP_REHANDSHAKE_MODE:
      core->rehandshake_mode = g_value_get_enum (value);
      break;
    case GOSSL_TLS_PROP_USE_SYSTEM_CERTDB:
      /* GIO's meaning: the system's database, or none. */
      if (g_value_get_boolean (value) != core->use_system_certdb)
        {
          core->use_system_certdb = g_value_get_boolean (value);
          g_clear_object (&core->database);
          core->database_unset = TRUE;
          g_object_notify (object, "database");
        }
      break;
    case GOSSL_TLS_PROP_DATABASE:
      g_set_object (&core->database, g_value_get_object (value));
      core->database_unset = FALSE;
      core->use_system_certdb = FALSE;
      break;
    case GOSSL_TLS_PROP_INTERACTION:
      g_set_object (&core->interaction, g_value_get_object (value));
      break;
    case GOSSL_TLS_PROP_CERTIFICATE:
      g_set_object (&core->certificate, g_value_get_object (value));
      apply_settings (core);
      break;
    case GOSSL_TLS_PROP_ADVERTISED_PROTOCOLS:
      g_strfreev (core->advertised_protocols);
      core->advertised_protocols = g_value_dup_boxed (value);
      core->advertised_protocols_set = TRUE;
      apply_settings (core);
      break;
    case GOSSL_TLS_PROP_VALIDATION_FLAGS:
      core->validation_flags = g_value_get_flags (value);
      break;
    case GOSSL_TLS_PROP_SERVER_IDENTITY:
      g_set_object (&core->server_identity, g_value_get_object (value));
      apply_settings (core);
      break;
    case GOSSL_TLS_PROP_USE_SSL3:
      core->use_ssl3 = g_value_get_boolean (value);
      break;
    case GOSSL_TLS_PROP_AUTHENTICATION_MODE:
      core->authentication_mode = g_value_get_enum (value);
      apply_settings (core);
      break;
    case GOSSL_TLS_PROP_CONTEXT:
      g_set_object (&core->context, g_value_get_object (value));
      break;
    case GOSSL_TLS_PROP_0:
    case GOSSL_TLS_PROP_PEER_CERTIFICATE:
    case GOSSL_TLS_PROP_PEER_CERTIFICATE_ERRORS:
    case GOSSL_TLS_PROP_NEGOTIATED_PROTOCOL:
    case GOSSL_TLS_PROP_PROTOCOL_VERSION:
    case GOSSL_TLS_PROP_CIPHERSUITE_NAME:
    case GOSSL_TLS_PROP_ACCEPTED_CAS:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gossl_tls_connection_dispose (GObject *object)
{
  GosslTlsCore *core = CORE (object);
  SSL *ssl = core_ssl (core);

  /* OpenSSL's callbacks, which closing may still call, no longer find us. */
  if (ssl != NULL)
    SSL_set_ex_data (ssl, core_index (), NULL);
  core->disposing = TRUE;
  G_OBJECT_CLASS (g_type_class_peek_parent (G_OBJECT_GET_CLASS (object)))->dispose (object);
  ((GosslTlsConnectionInput *) core->in)->core = NULL;
  ((GosslTlsConnectionOutput *) core->out)->core = NULL;
  g_clear_object (&core->stream);
}

static void
gossl_tls_connection_finalize (GObject *object)
{
  GosslTlsCore *core = CORE (object);

  g_clear_error (&core->init_error);
  g_clear_error (&core->callback_error);
  g_clear_object (&core->context);
  g_clear_object (&core->base_io_stream);
  g_clear_object (&core->connection);
  g_clear_object (&core->stream);
  g_clear_object (&core->in);
  g_clear_object (&core->out);
  g_clear_object (&core->database);
  g_clear_object (&core->interaction);
  g_clear_object (&core->certificate);
  g_clear_object (&core->peer_certificate);
  g_strfreev (core->advertised_protocols);
  g_free (core->negotiated_protocol);
  g_free (core->ciphersuite_name);
  g_clear_object (&core->server_identity);
  g_clear_pointer (&core->accepted_cas, g_ptr_array_unref);
  g_free (core);
  G_OBJECT_CLASS (g_type_class_peek_parent (G_OBJECT_GET_CLASS (object)))->finalize (object);
}

void
gossl_tls_connection_class_init (GObjectClass *klass,
                                 gboolean      is_client)
{
  GIOStreamClass *io_class = G_IO_STREAM_CLASS (klass);
  GTlsConnectionClass *tls_class = G_TLS_CONNECTION_CLASS (klass);
  static const struct {
    GosslTlsProperty id;
    const char      *name;
  } shared[] = {
    { GOSSL_TLS_PROP_BASE_IO_STREAM, "base-io-stream" },
    { GOSSL_TLS_PROP_REQUIRE_CLOSE_NOTIFY, "require-close-notify" },
    { GOSSL_TLS_PROP_REHANDSHAKE_MODE, "rehandshake-mode" },
    { GOSSL_TLS_PROP_USE_SYSTEM_CERTDB, "use-system-certdb" },
    { GOSSL_TLS_PROP_DATABASE, "database" },
    { GOSSL_TLS_PROP_INTERACTION, "interaction" },
    { GOSSL_TLS_PROP_CERTIFICATE, "certificate" },
    { GOSSL_TLS_PROP_PEER_CERTIFICATE, "peer-certificate" },
    { GOSSL_TLS_PROP_PEER_CERTIFICATE_ERRORS, "peer-certificate-errors" },
    { GOSSL_TLS_PROP_ADVERTISED_PROTOCOLS, "advertised-protocols" },
    { GOSSL_TLS_PROP_NEGOTIATED_PROTOCOL, "negotiated-protocol" },
    { GOSSL_TLS_PROP_PROTOCOL_VERSION, "protocol-version" },
    { GOSSL_TLS_PROP_CIPHERSUITE_NAME, "ciphersuite-name" },
  }, client[] = {
    { GOSSL_TLS_PROP_VALIDATION_FLAGS, "validation-flags" },
    { GOSSL_TLS_PROP_SERVER_IDENTITY, "server-identity" },
    { GOSSL_TLS_PROP_USE_SSL3, "use-ssl3" },
    { GOSSL_TLS_PROP_ACCEPTED_CAS, "accepted-cas" },
  }, server[] = {
    { GOSSL_TLS_PROP_AUTHENTICATION_MODE, "authentication-mode" },
  };

  klass->dispose = gossl_tls_connection_dispose;
  klass->finalize = gossl_tls_connection_finalize;
  klass->get_property = gossl_tls_connection_get_property;
  klass->set_property = gossl_tls_connection_set_property;

  io_class->get_input_stream = gossl_tls_connection_get_input_stream;
  io_class->get_output_stream = gossl_tls_connection_get_output_stream;
  io_class->close_fn = gossl_tls_connection_close_fn;
  io_class->close_async = gossl_tls_connection_close_async;
  io_class->close_finish = gossl_tls_connection_close_finish;

  tls_class->handshake = gossl_tls_connection_handshake;
  tls_class->handshake_async = gossl_tls_connection_handshake_async;
  tls_class->handshake_finish = gossl_tls_connection_handshake_finish;
  tls_class->get_negotiated_protocol = gossl_tls_connection_get_negotiated_protocol;

  for (gsize i = 0; i < G_N_ELEMENTS (shared); i++)
    g_object_class_override_property (klass, shared[i].id, shared[i].name);
  if (is_client)
    for (gsize i = 0; i < G_N_ELEMENTS (client); i++)
      g_object_class_override_property (klass, client[i].id, client[i].name);
  else
    for (gsize i = 0; i < G_N_ELEMENTS (server); i++)
      g_object_class_override_property (klass, server[i].id, server[i].name);

  gossl_ensure_initialized ();
}

void
gossl_tls_connection_instance_init (GosslTlsConnectionInstance *self,
                                    gboolean                    is_client)
{
  GosslTlsCore *core = g_new0 (GosslTlsCore, 1);
  GosslTlsConnectionInput *in = g_object_new (GOSSL_TYPE_TLS_CONNECTION_INPUT, NULL);
  GosslTlsConnectionOutput *out = g_object_new (GOSSL_TYPE_TLS_CONNECTION_OUTPUT, NULL);

  self->core = core;
  core->owner = G_TLS_CONNECTION (self);
  core->is_client = is_client;
  core->require_close_notify = TRUE;
  core->use_system_certdb = TRUE;
  core->database_unset = TRUE;
  core->received_alert = -1;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  core->validation_flags = G_TLS_CERTIFICATE_VALIDATE_ALL;
  G_GNUC_END_IGNORE_DEPRECATIONS
  core->authentication_mode = G_TLS_AUTHENTICATION_NONE;
  core->protocol_version = G_TLS_PROTOCOL_VERSION_UNKNOWN;
  in->core = core;
  out->core = core;
  core->in = G_INPUT_STREAM (in);
  core->out = G_OUTPUT_STREAM (out);
}

GosslContext *
gossl_tls_connection_get_context (GosslTlsConnectionInstance *self)
{
  return self->core->context;
}
