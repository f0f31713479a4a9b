/* gossl-connection.h: a TLS connection (SSL)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#if !defined(__GOSSL_INSIDE__) && !defined(GOSSL_COMPILATION)
#error "Only <gossl/gossl.h> can be included directly."
#endif

#include <glib-object.h>
#include <gossl/gossl-version.h>
#include <gossl/gossl-types.h>

G_BEGIN_DECLS

#define GOSSL_TYPE_CONNECTION (gossl_connection_get_type ())
GOSSL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GosslConnection, gossl_connection, GOSSL, CONNECTION, GObject)

G_END_DECLS
