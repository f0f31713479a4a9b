/* gossl-x509-req.c -- placeholder, being written */
#include "gossl-private.h"

struct _GosslX509Req { GObject parent_instance; };
G_DEFINE_FINAL_TYPE (GosslX509Req, gossl_x509_req, G_TYPE_OBJECT)
static void gossl_x509_req_class_init (GosslX509ReqClass *klass) {}
static void gossl_x509_req_init (GosslX509Req *self) {}
