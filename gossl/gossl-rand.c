/* gossl-rand.c -- placeholder */
#include "gossl-private.h"
