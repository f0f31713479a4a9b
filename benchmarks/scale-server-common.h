/* scale-server-common.h: what the C echo servers of the scale benchmark
 * share (scale-server-gossl.c, scale-server-gio.c)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>

/* The listen backlog of every server: a burst of 1,000 connections fits. */
#define SCALE_BACKLOG 1024

/* Sets the backlog and binds 127.0.0.1 on a free port; returns the port,
 * 0 on error. */
guint16 scale_listen (GSocketListener *listener, GError **error);

/* Echoes everything read from *tls* back to it until the peer goes away,
 * then closes and drops it. Takes ownership of *tls*. The handshake runs
 * on the first read. */
void scale_echo_start (GIOStream *tls);

/* The 10 ms timer, the signals (SIGUSR1: forget the longest gap, SIGUSR2:
 * print "gap_ms X", the longest gap since) and the main loop; prints
 * "listening PORT" first. Returns the exit status. */
int scale_server_run (guint16 port);
