/* gossl-connection.c -- placeholder, being written */
#include "gossl-private.h"

struct _GosslConnection { GObject parent_instance; };
G_DEFINE_FINAL_TYPE (GosslConnection, gossl_connection, G_TYPE_OBJECT)
static void gossl_connection_class_init (GosslConnectionClass *klass) {}
static void gossl_connection_init (GosslConnection *self) {}
