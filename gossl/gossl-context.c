/* gossl-context.c -- placeholder, being written */
#include "gossl-private.h"

struct _GosslContext { GObject parent_instance; };
G_DEFINE_FINAL_TYPE (GosslContext, gossl_context, G_TYPE_OBJECT)
static void gossl_context_class_init (GosslContextClass *klass) {}
static void gossl_context_init (GosslContext *self) {}
