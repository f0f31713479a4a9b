/* gossl-tls-connection-private.h: what GosslTlsClientConnection and
 * GosslTlsServerConnection share
 *
 * Both are GTlsConnections made of a GosslTlsStream; everything but their
 * type, constructors and interface is here (gossl-tls-connection.c). Not
 * installed and never read by g-ir-scanner.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gossl-tls-private.h"
#include "gossl-tls-client-connection.h"
#include "gossl-tls-server-connection.h"

G_BEGIN_DECLS

/* The property ids of both classes: GTlsConnection's (whose own
 * get_property and set_property do nothing, so each is overridden), the
 * client and server interfaces' (each class overrides those of its own),
 * and gossl's "context". */
typedef enum {
  GOSSL_TLS_PROP_0,
  GOSSL_TLS_PROP_BASE_IO_STREAM,
  GOSSL_TLS_PROP_REQUIRE_CLOSE_NOTIFY,
  GOSSL_TLS_PROP_REHANDSHAKE_MODE,
  GOSSL_TLS_PROP_USE_SYSTEM_CERTDB,
  GOSSL_TLS_PROP_DATABASE,
  GOSSL_TLS_PROP_INTERACTION,
  GOSSL_TLS_PROP_CERTIFICATE,
  GOSSL_TLS_PROP_PEER_CERTIFICATE,
  GOSSL_TLS_PROP_PEER_CERTIFICATE_ERRORS,
  GOSSL_TLS_PROP_ADVERTISED_PROTOCOLS,
  GOSSL_TLS_PROP_NEGOTIATED_PROTOCOL,
  GOSSL_TLS_PROP_PROTOCOL_VERSION,
  GOSSL_TLS_PROP_CIPHERSUITE_NAME,
  GOSSL_TLS_PROP_VALIDATION_FLAGS,     /* client */
  GOSSL_TLS_PROP_SERVER_IDENTITY,      /* client */
  GOSSL_TLS_PROP_USE_SSL3,             /* client */
  GOSSL_TLS_PROP_ACCEPTED_CAS,         /* client */
  GOSSL_TLS_PROP_AUTHENTICATION_MODE,  /* server */
  GOSSL_TLS_PROP_CONTEXT,
} GosslTlsProperty;

typedef struct _GosslTlsCore GosslTlsCore;

/* The instance of both classes: GTlsConnection, then the shared state,
 * whose layout only gossl-tls-connection.c knows. */
typedef struct {
  GTlsConnection  parent_instance;
  GosslTlsCore   *core;
} GosslTlsConnectionInstance;

/* Sets up the instance of a client (@is_client) or server connection. */
void     gossl_tls_connection_instance_init  (GosslTlsConnectionInstance *self,
                                              gboolean                    is_client);
/* Installs the vfuncs and properties of @klass, a client or server class;
 * the class documents and installs its "context" property itself. */
void     gossl_tls_connection_class_init     (GObjectClass *klass,
                                              gboolean      is_client);
void     gossl_tls_connection_initable_iface_init (GInitableIface *iface);

/* The context given at construction, or after initialization the shared
 * default one; NULL before that. */
GosslContext *gossl_tls_connection_get_context (GosslTlsConnectionInstance *self);

G_END_DECLS
