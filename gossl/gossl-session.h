/* gossl-session.h: a TLS session to resume (SSL_SESSION)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#if !defined(__GOSSL_INSIDE__) && !defined(GOSSL_COMPILATION)
#error "Only <gossl/gossl.h> can be included directly."
#endif

#include <glib-object.h>
#include <gossl/gossl-version.h>

G_BEGIN_DECLS

#define GOSSL_TYPE_SESSION (gossl_session_get_type ())
GOSSL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GosslSession, gossl_session, GOSSL, SESSION, GObject)

GOSSL_AVAILABLE_IN_ALL
GosslSession *gossl_session_new                  (void);
GOSSL_AVAILABLE_IN_ALL
gboolean      gossl_session_is_resumable         (GosslSession *self);
GOSSL_AVAILABLE_IN_ALL
GByteArray   *gossl_session_get_id               (GosslSession *self);
GOSSL_AVAILABLE_IN_ALL
int           gossl_session_get_protocol_version (GosslSession *self);

G_END_DECLS
