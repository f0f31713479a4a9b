/* gossl-reactor.h: one epoll set per main context, for the waits of
 * GosslTlsStream's asynchronous operations
 *
 * Not installed and never read by g-ir-scanner.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A GSource per waiting operation makes every main-loop iteration cost
 * O(connections): GLib polls every descriptor and walks every source,
 * whether anything happened or not. A reactor is one source per
 * GMainContext holding an epoll set: GLib polls one descriptor, and a
 * dispatch touches only the connections that became ready. */
typedef struct _GosslReactor GosslReactor;

/* Called on the reactor's context: @condition is what the descriptor
 * became (G_IO_IN, G_IO_OUT, G_IO_HUP, G_IO_ERR; edge-triggered: only
 * after a read or write met EAGAIN is an event sure to come), or 0 after
 * gossl_reactor_watch_defer(). */
typedef void (*GosslReactorFunc) (gpointer user_data, GIOCondition condition);

/* Embedded in its owner; all zero when not started. */
typedef struct {
  GosslReactor     *reactor;   /* a reference while started */
  int               fd;        /* -1 once forgotten */
  gboolean          deferred;
  GosslReactorFunc  func;
  gpointer          user_data;
} GosslReactorWatch;

/* The reactor of @context (NULL: the global default), made the first
 * time; NULL where there is no epoll (the caller waits with GSources).
 * Transfer full. */
GosslReactor *gossl_reactor_get             (GMainContext      *context);
void          gossl_reactor_unref           (GosslReactor      *reactor);

/* Starts watching @fd (a socket the owner will read and write without
 * blocking) on @reactor's context. FALSE if epoll refused it. */
gboolean      gossl_reactor_watch_start     (GosslReactor      *reactor,
                                             GosslReactorWatch *watch,
                                             int                fd,
                                             GosslReactorFunc   func,
                                             gpointer           user_data);
/* Whether @watch is started on the reactor of @context. */
gboolean      gossl_reactor_watch_is_on     (GosslReactorWatch *watch,
                                             GMainContext      *context);
/* @watch's func is called with 0 in the next dispatch (once, however
 * often this is called before it). */
void          gossl_reactor_watch_defer     (GosslReactorWatch *watch);
/* Stops watching the descriptor (before it is closed, so that a
 * descriptor of the same number is not mistaken for it); deferred calls
 * still come. */
void          gossl_reactor_watch_forget_fd (GosslReactorWatch *watch);
/* Stops everything: no call comes after this. */
void          gossl_reactor_watch_stop      (GosslReactorWatch *watch);

G_END_DECLS
