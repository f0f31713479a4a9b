/* gossl.h: the one header to include
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#define __GOSSL_INSIDE__

#include <gossl/gossl-version.h>
#include <gossl/gossl-types.h>
#include <gossl/gossl-enum-types.h>
#include <gossl/gossl-error.h>
#include <gossl/gossl-pkey.h>
#include <gossl/gossl-x509-name.h>
#include <gossl/gossl-x509-extension.h>
#include <gossl/gossl-x509.h>
#include <gossl/gossl-x509-req.h>
#include <gossl/gossl-revoked.h>
#include <gossl/gossl-crl.h>
#include <gossl/gossl-x509-store.h>
#include <gossl/gossl-x509-store-context.h>
#include <gossl/gossl-pkcs7.h>
#include <gossl/gossl-pkcs12.h>
#include <gossl/gossl-netscape-spki.h>
#include <gossl/gossl-rand.h>
#include <gossl/gossl-context.h>
#include <gossl/gossl-session.h>
#include <gossl/gossl-connection.h>
#include <gossl/gossl-tls-stream.h>
#include <gossl/gossl-tls-service.h>
#include <gossl/gossl-tls-client-connection.h>
#include <gossl/gossl-tls-server-connection.h>

#undef __GOSSL_INSIDE__
