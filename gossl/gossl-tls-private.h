/* gossl-tls-private.h: what gossl-context.c and gossl-connection.c share
 *
 * Not installed and never read by g-ir-scanner.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gossl-private.h"

G_BEGIN_DECLS

/* The connection that owns @ssl (SSL ex_data back-pointer), or NULL for an
 * SSL that gossl did not make. Borrowed: valid while the call that handed
 * @ssl to a callback runs. */
GosslConnection *gossl_connection_from_ssl (const SSL *ssl);

G_END_DECLS
