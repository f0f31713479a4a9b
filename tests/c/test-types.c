/* test-types.c: the enumerations of gossl-types.h as GTypes, OpenSSL's
 * values, and the signals that deliver them during real handshakes.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "tls-helpers.h"

static void
test_info_where_type (void)
{
  g_autoptr(GFlagsClass) flags = g_type_class_ref (GOSSL_TYPE_INFO_WHERE);
  GFlagsValue *value;

  g_assert_true (G_TYPE_IS_FLAGS (GOSSL_TYPE_INFO_WHERE));
  value = g_flags_get_value_by_nick (flags, "handshake-done");
  g_assert_nonnull (value);
  g_assert_cmpuint (value->value, ==, SSL_CB_HANDSHAKE_DONE);
  value = g_flags_get_value_by_nick (flags, "connect-loop");
  g_assert_nonnull (value);
  g_assert_cmpuint (value->value, ==, SSL_CB_CONNECT_LOOP);
  value = g_flags_get_value_by_nick (flags, "read-alert");
  g_assert_nonnull (value);
  g_assert_cmpuint (value->value, ==, SSL_CB_READ_ALERT);
  g_assert_cmpuint (flags->mask, ==, SSL_CB_LOOP | SSL_CB_EXIT | SSL_CB_READ | SSL_CB_WRITE |
                    SSL_CB_ALERT | SSL_CB_HANDSHAKE_START | SSL_CB_HANDSHAKE_DONE |
                    SSL_ST_CONNECT | SSL_ST_ACCEPT);
}

static void
test_verify_result_type (void)
{
  g_autoptr(GEnumClass) results = g_type_class_ref (GOSSL_TYPE_VERIFY_RESULT);

  g_assert_true (G_TYPE_IS_ENUM (GOSSL_TYPE_VERIFY_RESULT));
  /* Every code OpenSSL 3.0 has, 0 to the last, and no other. */
  g_assert_cmpint (results->minimum, ==, X509_V_OK);
  g_assert_cmpint (results->maximum, ==, X509_V_ERR_EC_KEY_EXPLICIT_PARAMS);
  g_assert_cmpuint (results->n_values, ==, X509_V_ERR_EC_KEY_EXPLICIT_PARAMS + 1);
  g_assert_cmpstr (g_enum_get_value (results, X509_V_ERR_HOSTNAME_MISMATCH)->value_nick, ==,
                   "hostname-mismatch");
  g_assert_cmpstr (g_enum_get_value (results, X509_V_OK)->value_nick, ==, "ok");
}

static void
test_signal_types (void)
{
  GSignalQuery query;

  g_type_class_unref (g_type_class_ref (GOSSL_TYPE_CONTEXT));
  g_signal_query (g_signal_lookup ("info", GOSSL_TYPE_CONTEXT), &query);
  g_assert_cmpuint (query.n_params, ==, 3);
  g_assert_true (query.param_types[1] == GOSSL_TYPE_INFO_WHERE);
  g_assert_true (query.param_types[2] == G_TYPE_INT);

  g_signal_query (g_signal_lookup ("verify", GOSSL_TYPE_CONTEXT), &query);
  g_assert_cmpuint (query.n_params, ==, 5);
  g_assert_true (query.param_types[2] == GOSSL_TYPE_VERIFY_RESULT);
  g_assert_true (query.param_types[3] == G_TYPE_INT);
}

/* What the signals carried, as the GValues a binding receives. */
typedef struct {
  guint     infos;
  guint     where_union;
  gboolean  where_typed;
  GArray   *results;   /* of int */
  gboolean  results_typed;
} Seen;

static gboolean
record_info (GSignalInvocationHint *hint,
             guint                  n_params,
             const GValue          *params,
             gpointer               user_data)
{
  Seen *seen = user_data;

  g_assert_cmpuint (n_params, ==, 4);  /* the instance first */
  seen->infos++;
  seen->where_typed = seen->where_typed && G_VALUE_HOLDS (&params[2], GOSSL_TYPE_INFO_WHERE);
  if (G_VALUE_HOLDS_FLAGS (&params[2]))
    seen->where_union |= g_value_get_flags (&params[2]);
  return TRUE;
}

static gboolean
record_verify (GSignalInvocationHint *hint,
               guint                  n_params,
               const GValue          *params,
               gpointer               user_data)
{
  Seen *seen = user_data;
  int result;

  g_assert_cmpuint (n_params, ==, 6);
  seen->results_typed = seen->results_typed &&
                        G_VALUE_HOLDS (&params[3], GOSSL_TYPE_VERIFY_RESULT);
  result = G_VALUE_HOLDS_ENUM (&params[3]) ? g_value_get_enum (&params[3]) : -1;
  g_array_append_val (seen->results, result);
  return TRUE;
}

/* The verify signal's handler: accept what OpenSSL accepts. */
static gboolean
on_verify (GosslContext      *ctx,
           GosslConnection   *conn,
           GosslX509         *cert,
           GosslVerifyResult  result,
           int                depth,
           gboolean           ok,
           gpointer           user_data)
{
  return ok;
}

static void
on_info (GosslContext    *ctx,
         GosslConnection *conn,
         GosslInfoWhere   where,
         int              ret,
         gpointer         user_data)
{
}

/* A handshake with a client that trusts @ca_file, the signals watched. */
static gboolean
handshake_watched (const char *ca_file, Seen *seen)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_TLS_SERVER);
  g_autoptr(GosslContext) cctx = gossl_context_new (GOSSL_METHOD_TLS_CLIENT, NULL);
  g_autofree char *ca = gossl_test_file_path (ca_file);
  g_autoptr(GError) error = NULL;
  g_auto(TlsPair) pair = { 0 };
  guint info_id = g_signal_lookup ("info", GOSSL_TYPE_CONTEXT);
  guint verify_id = g_signal_lookup ("verify", GOSSL_TYPE_CONTEXT);
  gulong info_hook, verify_hook;
  gboolean ok;

  g_assert_true (gossl_context_load_verify_locations (cctx, ca, NULL, &error));
  gossl_context_set_verify (cctx, GOSSL_VERIFY_PEER);
  /* Emission hooks run only when there are handlers: connect some. */
  g_signal_connect (cctx, "verify", G_CALLBACK (on_verify), NULL);
  g_signal_connect (cctx, "info", G_CALLBACK (on_info), NULL);
  info_hook = g_signal_add_emission_hook (info_id, 0, record_info, seen, NULL);
  verify_hook = g_signal_add_emission_hook (verify_id, 0, record_verify, seen, NULL);

  tls_pair_start (&pair, cctx, sctx);
  ok = gossl_connection_do_handshake (pair.client, &error);
  tls_server_join (&pair.server);

  g_signal_remove_emission_hook (info_id, info_hook);
  g_signal_remove_emission_hook (verify_id, verify_hook);
  return ok;
}

static void
seen_init (Seen *seen)
{
  *seen = (Seen) { 0 };
  seen->where_typed = seen->results_typed = TRUE;
  seen->results = g_array_new (FALSE, FALSE, sizeof (int));
}

static void
test_handshake_trusted (void)
{
  Seen seen;

  seen_init (&seen);
  g_assert_true (handshake_watched ("ca.pem", &seen));
  g_assert_cmpuint (seen.infos, >, 0);
  g_assert_true (seen.where_typed);
  g_assert_cmpuint (seen.where_union & GOSSL_INFO_WHERE_HANDSHAKE_START, !=, 0);
  g_assert_cmpuint (seen.where_union & GOSSL_INFO_WHERE_HANDSHAKE_DONE, !=, 0);
  g_assert_cmpuint (seen.where_union & GOSSL_INFO_WHERE_CONNECT_LOOP, ==, GOSSL_INFO_WHERE_CONNECT_LOOP);
  g_assert_cmpuint (seen.where_union & GOSSL_INFO_WHERE_ACCEPT, ==, 0);
  g_assert_true (seen.results_typed);
  /* The CA, then the server's certificate. */
  g_assert_cmpuint (seen.results->len, ==, 2);
  g_assert_cmpint (g_array_index (seen.results, int, 0), ==, GOSSL_VERIFY_RESULT_OK);
  g_assert_cmpint (g_array_index (seen.results, int, 1), ==, GOSSL_VERIFY_RESULT_OK);
  g_array_unref (seen.results);
}

static void
test_handshake_untrusted (void)
{
  Seen seen;

  /* ca2.pem did not sign server.pem. */
  seen_init (&seen);
  g_assert_false (handshake_watched ("ca2.pem", &seen));
  g_assert_true (seen.where_typed);
  g_assert_cmpuint (seen.where_union & GOSSL_INFO_WHERE_WRITE_ALERT, ==, GOSSL_INFO_WHERE_WRITE_ALERT);
  g_assert_true (seen.results_typed);
  g_assert_cmpuint (seen.results->len, ==, 1);
  g_assert_cmpint (g_array_index (seen.results, int, 0), ==,
                   GOSSL_VERIFY_RESULT_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
  g_array_unref (seen.results);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  tls_test_add ("/types/info-where", test_info_where_type);
  tls_test_add ("/types/verify-result", test_verify_result_type);
  tls_test_add ("/types/signals", test_signal_types);
  tls_test_add ("/types/handshake/trusted", test_handshake_trusted);
  tls_test_add ("/types/handshake/untrusted", test_handshake_untrusted);

  return g_test_run ();
}
