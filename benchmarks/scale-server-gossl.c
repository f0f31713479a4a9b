/* scale-server-gossl.c: the scale benchmark's echo server with gossl
 * (GosslTlsService handing over GosslTlsStreams), one thread, one main
 * loop
 *
 *   scale-server-gossl CERT.pem KEY.pem
 *
 * See scale-server-common.h for what it prints and the signals it takes.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "scale-server-common.h"

#include <gossl/gossl.h>
#include <stdio.h>

static void
incoming (GosslTlsService *service,
          GosslTlsStream  *stream,
          gpointer         user_data)
{
  /* The handshake is done; the stream is ours once we keep a reference. */
  scale_echo_start (G_IO_STREAM (g_object_ref (stream)));
}

/* The accept part, all of it: a GosslTlsService accepts a batch of
 * connections per main-loop dispatch, runs their handshakes and hands
 * over each stream. Returns the port. */
static guint16
start_accepting (GosslContext *context, GError **error)
{
  GosslTlsService *service = gossl_tls_service_new (context);
  guint16 port = scale_listen (G_SOCKET_LISTENER (service), error);

  if (port == 0)
    return 0;
  g_signal_connect (service, "incoming", G_CALLBACK (incoming), NULL);
  gossl_tls_service_start (service);
  return port;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslContext) context = NULL;
  guint16 port;

  if (argc != 3)
    {
      g_printerr ("Usage: %s CERT.pem KEY.pem\n", argv[0]);
      return 2;
    }
  context = gossl_context_new (GOSSL_METHOD_TLS_SERVER, &error);
  if (context == NULL ||
      !gossl_context_use_certificate_file (context, argv[1], GOSSL_FILETYPE_PEM, &error) ||
      !gossl_context_use_privatekey_file (context, argv[2], GOSSL_FILETYPE_PEM, &error))
    goto failed;
  port = start_accepting (context, &error);
  if (port == 0)
    goto failed;
  return scale_server_run (port);

failed:
  g_printerr ("scale-server-gossl: %s\n", error->message);
  return 1;
}
