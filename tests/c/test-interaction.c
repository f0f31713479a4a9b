/* test-interaction.c: passphrases asked through a GTlsInteraction
 *
 * GosslContext:interaction (for gossl_context_use_privatekey_file()) and the
 * key and PKCS#12 loaders that take an interaction, with an interaction
 * defined here that answers as each test says. */
#include "gossl-test-util.h"

#include <string.h>

typedef enum {
  ANSWER,     /* HANDLED, with @answer as the password */
  UNHANDLED,
  FAIL,       /* FAILED without an error */
  CANCEL,     /* FAILED with G_IO_ERROR_CANCELLED, as a dialog's Cancel */
  RELOAD,     /* loads server.key into @context first, then answers */
} Reply;

#define TEST_TYPE_INTERACTION (test_interaction_get_type ())
G_DECLARE_FINAL_TYPE (TestInteraction, test_interaction, TEST, INTERACTION, GTlsInteraction)

struct _TestInteraction
{
  GTlsInteraction   parent_instance;

  Reply             reply;
  const char       *answer;
  GosslContext     *context;      /* RELOAD's */
  guint             calls;
  char             *description;  /* of the last password asked for */
  GTlsPasswordFlags flags;        /* of the last password asked for */
};

G_DEFINE_FINAL_TYPE (TestInteraction, test_interaction, G_TYPE_TLS_INTERACTION)

static GTlsInteractionResult
test_interaction_ask_password (GTlsInteraction  *interaction,
                               GTlsPassword     *password,
                               GCancellable     *cancellable,
                               GError          **error)
{
  TestInteraction *self = TEST_INTERACTION (interaction);

  self->calls++;
  g_free (self->description);
  self->description = g_strdup (g_tls_password_get_description (password));
  self->flags = g_tls_password_get_flags (password);
  switch (self->reply)
    {
    case ANSWER:
      g_tls_password_set_value (password, (const guchar *) self->answer, -1);
      return G_TLS_INTERACTION_HANDLED;
    case UNHANDLED:
      return G_TLS_INTERACTION_UNHANDLED;
    case FAIL:
      return G_TLS_INTERACTION_FAILED;
    case CANCEL:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The user cancelled");
      return G_TLS_INTERACTION_FAILED;
    case RELOAD:
      {
        g_autofree char *path = gossl_test_file_path ("server.key");

        g_assert_true (gossl_context_use_privatekey_file (self->context, path,
                                                          GOSSL_FILETYPE_PEM, NULL));
        g_tls_password_set_value (password, (const guchar *) self->answer, -1);
        return G_TLS_INTERACTION_HANDLED;
      }
    }
  g_assert_not_reached ();
}

static void
test_interaction_finalize (GObject *object)
{
  g_free (TEST_INTERACTION (object)->description);
  G_OBJECT_CLASS (test_interaction_parent_class)->finalize (object);
}

static void
test_interaction_class_init (TestInteractionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_interaction_finalize;
  G_TLS_INTERACTION_CLASS (klass)->ask_password = test_interaction_ask_password;
}

static void
test_interaction_init (TestInteraction *self)
{
}

static TestInteraction *
interaction_new (Reply reply, const char *answer)
{
  TestInteraction *self = g_object_new (TEST_TYPE_INTERACTION, NULL);

  self->reply = reply;
  self->answer = answer;
  return self;
}

/* --- GosslContext:interaction ---------------------------------------------- */

static GosslContext *
context_with (TestInteraction *interaction)
{
  g_autoptr(GError) error = NULL;
  GosslContext *ctx = gossl_context_new (GOSSL_METHOD_TLS_SERVER, &error);

  g_assert_no_error (error);
  g_object_set (ctx, "interaction", interaction, NULL);
  return ctx;
}

static gboolean
use_key (GosslContext *ctx, const char *name, GError **error)
{
  g_autofree char *path = gossl_test_file_path (name);

  return gossl_context_use_privatekey_file (ctx, path, GOSSL_FILETYPE_PEM, error);
}

static void
count_notify (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_context_property (void)
{
  g_autoptr(TestInteraction) interaction = interaction_new (UNHANDLED, NULL);
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_TLS_SERVER, NULL);
  g_autoptr(GTlsInteraction) got = NULL;
  guint notified = 0;

  g_assert_null (gossl_context_get_interaction (ctx));
  g_signal_connect (ctx, "notify::interaction", G_CALLBACK (count_notify), &notified);

  gossl_context_set_interaction (ctx, G_TLS_INTERACTION (interaction));
  g_assert_true (gossl_context_get_interaction (ctx) == G_TLS_INTERACTION (interaction));
  g_assert_cmpuint (notified, ==, 1);
  g_object_get (ctx, "interaction", &got, NULL);
  g_assert_true (got == G_TLS_INTERACTION (interaction));

  /* The same one again is no change. */
  gossl_context_set_interaction (ctx, G_TLS_INTERACTION (interaction));
  g_assert_cmpuint (notified, ==, 1);

  g_object_set (ctx, "interaction", NULL, NULL);
  g_assert_null (gossl_context_get_interaction (ctx));
  g_assert_cmpuint (notified, ==, 2);
}

static void
test_context_right (void)
{
  g_autoptr(TestInteraction) interaction = interaction_new (ANSWER, "secret");
  g_autoptr(GosslContext) ctx = context_with (interaction);
  g_autofree char *cert = gossl_test_file_path ("server.pem");
  g_autoptr(GError) error = NULL;

  g_assert_true (use_key (ctx, "server-enc.key", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (interaction->calls, ==, 1);
  g_assert_nonnull (strstr (interaction->description, "server-enc.key"));
  g_assert_false (interaction->flags & G_TLS_PASSWORD_RETRY);

  g_assert_true (gossl_context_use_certificate_file (ctx, cert, GOSSL_FILETYPE_PEM, &error));
  g_assert_true (gossl_context_check_privatekey (ctx, &error));
  g_assert_no_error (error);
}

static void
test_context_wrong (void)
{
  g_autoptr(TestInteraction) interaction = interaction_new (ANSWER, "wrong");
  g_autoptr(GosslContext) ctx = context_with (interaction);
  g_autoptr(GError) error = NULL;

  g_assert_false (use_key (ctx, "server-enc.key", &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "does not decrypt"));
  /* Asked once, although OpenSSL calls for the passphrase more than once
   * when it does not decrypt (its decoders, then its legacy reader). */
  g_assert_cmpuint (interaction->calls, ==, 1);
  g_assert_false (interaction->flags & G_TLS_PASSWORD_RETRY);
  g_clear_error (&error);

  /* Loading the same file again is a retry: the dialog can say so. */
  g_assert_false (use_key (ctx, "server-enc.key", &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
  g_assert_cmpuint (interaction->calls, ==, 2);
  g_assert_true (interaction->flags & G_TLS_PASSWORD_RETRY);
  g_clear_error (&error);

  interaction->answer = "secret";
  g_assert_true (use_key (ctx, "server-enc.key", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (interaction->calls, ==, 3);
  g_assert_true (interaction->flags & G_TLS_PASSWORD_RETRY);

  /* Once it worked, the next load is a first attempt again. */
  interaction->answer = "wrong";
  g_assert_false (use_key (ctx, "server-enc.key", &error));
  g_assert_cmpuint (interaction->calls, ==, 4);
  g_assert_false (interaction->flags & G_TLS_PASSWORD_RETRY);
}

/* A key that decrypts but does not match the certificate is no wrong
 * passphrase: loading it again is no retry. */
static void
test_context_mismatch (void)
{
  g_autoptr(TestInteraction) interaction = interaction_new (ANSWER, "secret");
  g_autoptr(GosslContext) ctx = context_with (interaction);
  g_autofree char *cert = gossl_test_file_path ("client.pem");
  g_autoptr(GError) error = NULL;

  g_assert_true (gossl_context_use_certificate_file (ctx, cert, GOSSL_FILETYPE_PEM, &error));
  g_assert_false (use_key (ctx, "server-enc.key", &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "does not match the certificate"));
  g_clear_error (&error);

  g_assert_false (use_key (ctx, "server-enc.key", &error));
  g_assert_cmpuint (interaction->calls, ==, 2);
  g_assert_false (interaction->flags & G_TLS_PASSWORD_RETRY);
}

/* An interaction that loads another key into the same context while it is
 * asked, in a child: it crashed the load it was asked for. */
static void
test_context_reentrant (void)
{
  g_autoptr(TestInteraction) interaction = NULL;
  g_autoptr(GosslContext) ctx = NULL;
  g_autofree char *cert = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      g_test_trap_assert_stdout ("*reentrant load: ok*");
      return;
    }
  interaction = interaction_new (RELOAD, "secret");
  ctx = context_with (interaction);
  interaction->context = ctx;
  cert = gossl_test_file_path ("server.pem");

  g_assert_true (use_key (ctx, "server-enc.key", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (interaction->calls, ==, 1);
  g_assert_true (gossl_context_use_certificate_file (ctx, cert, GOSSL_FILETYPE_PEM, &error));
  g_assert_true (gossl_context_check_privatekey (ctx, &error));
  g_print ("reentrant load: ok\n");
}

static void
test_context_too_long (void)
{
  g_autofree char *answer = g_strnfill (100000, 'x');
  g_autoptr(TestInteraction) interaction = interaction_new (ANSWER, answer);
  g_autoptr(GosslContext) ctx = context_with (interaction);
  g_autoptr(GError) error = NULL;

  g_assert_false (use_key (ctx, "server-enc.key", &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "too long"));
  g_assert_null (strstr (error->message, "passwd"));
}

static void
test_context_no_answer (void)
{
  const Reply replies[] = { UNHANDLED, FAIL };

  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    {
      g_autoptr(TestInteraction) interaction = interaction_new (replies[i], NULL);
      g_autoptr(GosslContext) ctx = context_with (interaction);
      g_autoptr(GError) error = NULL;

      g_assert_false (use_key (ctx, "server-enc.key", &error));
      g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, "no passphrase"));
      g_assert_cmpuint (interaction->calls, ==, 1);
    }

  /* An empty password is no answer either (as an empty one from a passwd
   * handler). */
  {
    g_autoptr(TestInteraction) interaction = interaction_new (ANSWER, "");
    g_autoptr(GosslContext) ctx = context_with (interaction);
    g_autoptr(GError) error = NULL;

    g_assert_false (use_key (ctx, "server-enc.key", &error));
    g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "no passphrase"));
  }
}

static void
test_context_cancelled (void)
{
  g_autoptr(TestInteraction) interaction = interaction_new (CANCEL, NULL);
  g_autoptr(GosslContext) ctx = context_with (interaction);
  g_autoptr(GError) error = NULL;

  g_assert_false (use_key (ctx, "server-enc.key", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_nonnull (strstr (error->message, "The user cancelled"));
  g_assert_nonnull (strstr (error->message, "server-enc.key"));
  g_assert_cmpuint (interaction->calls, ==, 1);
}

static void
test_context_unencrypted (void)
{
  g_autoptr(TestInteraction) interaction = interaction_new (ANSWER, "secret");
  g_autoptr(GosslContext) ctx = context_with (interaction);
  g_autoptr(GError) error = NULL;

  g_assert_true (use_key (ctx, "server.key", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (interaction->calls, ==, 0);
}

static GBytes *
passwd_returns (GosslContext *ctx, gboolean repeat, int maxlen, gpointer user_data)
{
  const char *answer = user_data;

  return answer != NULL ? g_bytes_new (answer, strlen (answer)) : NULL;
}

/* pyOpenSSL's set_passwd_cb() is the passwd signal: when it is connected,
 * the interaction is never asked, whatever the handler says. */
static void
test_context_passwd_wins (void)
{
  g_autoptr(TestInteraction) interaction = interaction_new (ANSWER, "wrong");
  g_autoptr(GosslContext) ctx = context_with (interaction);
  g_autoptr(GosslContext) refusing = context_with (interaction);
  g_autoptr(GError) error = NULL;

  g_signal_connect (ctx, "passwd", G_CALLBACK (passwd_returns), (gpointer) "secret");
  g_assert_true (use_key (ctx, "server-enc.key", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (interaction->calls, ==, 0);

  interaction->answer = "secret";
  g_signal_connect (refusing, "passwd", G_CALLBACK (passwd_returns), NULL);
  g_assert_false (use_key (refusing, "server-enc.key", &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "no passphrase"));
  g_assert_cmpuint (interaction->calls, ==, 0);
}

/* --- Loaders that take an interaction ---------------------------------------- */

static GosslPKey *
load_key (const char *name, TestInteraction *interaction, const char *description,
          GError **error)
{
  g_autoptr(GBytes) bytes = gossl_test_load_file (name);

  return gossl_pkey_new_from_bytes_with_interaction (GOSSL_FILETYPE_PEM, bytes,
                                                     G_TLS_INTERACTION (interaction),
                                                     description, NULL, error);
}

static void
test_pkey (void)
{
  g_autoptr(TestInteraction) interaction = interaction_new (ANSWER, "secret");
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslPKey) key = NULL;
  g_autoptr(GosslPKey) plain = NULL;
  g_autoptr(GBytes) bytes = gossl_test_load_file ("server-enc.key");

  key = load_key ("server-enc.key", interaction, "The key of example.org", &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);
  g_assert_true (gossl_pkey_has_private (key));
  g_assert_cmpuint (interaction->calls, ==, 1);
  g_assert_cmpstr (interaction->description, ==, "The key of example.org");
  g_clear_object (&key);

  key = load_key ("server-enc.key", interaction, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);
  g_assert_cmpstr (interaction->description, ==, "Private key");

  /* An unencrypted key does not ask. */
  plain = load_key ("server.key", interaction, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (plain);
  g_assert_cmpuint (interaction->calls, ==, 2);

  /* Nor does a key in DER. */
  g_clear_object (&plain);
  {
    g_autoptr(GBytes) der = gossl_test_load_file ("server.key.der");

    plain = gossl_pkey_new_from_bytes_with_interaction (GOSSL_FILETYPE_ASN1, der,
                                                        G_TLS_INTERACTION (interaction),
                                                        NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (plain);
    g_assert_cmpuint (interaction->calls, ==, 2);
  }

  /* Without an interaction it is new_from_bytes() without a passphrase. */
  g_assert_null (gossl_pkey_new_from_bytes_with_interaction (GOSSL_FILETYPE_PEM, bytes, NULL,
                                                             NULL, NULL, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_PASSPHRASE_REQUIRED);
}

static void
test_pkey_refused (void)
{
  const Reply replies[] = { UNHANDLED, FAIL };
  g_autoptr(TestInteraction) wrong = interaction_new (ANSWER, "wrong");
  g_autoptr(TestInteraction) cancel = interaction_new (CANCEL, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_null (load_key ("server-enc.key", wrong, NULL, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_BAD_PASSPHRASE);
  g_assert_cmpuint (wrong->calls, ==, 1);
  g_clear_error (&error);

  g_assert_null (load_key ("server-enc.key", cancel, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_nonnull (strstr (error->message, "The user cancelled"));
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    {
      g_autoptr(TestInteraction) interaction = interaction_new (replies[i], NULL);

      g_assert_null (load_key ("server-enc.key", interaction, NULL, &error));
      g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_PASSPHRASE_REQUIRED);
      g_assert_cmpuint (interaction->calls, ==, 1);
      g_clear_error (&error);
    }
}

static GosslPKCS12 *
load_p12 (const char *name, TestInteraction *interaction, GError **error)
{
  g_autoptr(GBytes) bytes = gossl_test_load_file (name);

  return gossl_pkcs12_new_from_bytes_with_interaction (bytes, G_TLS_INTERACTION (interaction),
                                                       NULL, NULL, error);
}

static void
test_pkcs12 (void)
{
  g_autoptr(TestInteraction) interaction = interaction_new (ANSWER, "secret");
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslPKCS12) p12 = NULL;
  const char *unlocked[] = { "server-nopass.p12", "server-unencrypted.p12" };

  p12 = load_p12 ("server.p12", interaction, &error);
  g_assert_no_error (error);
  g_assert_nonnull (p12);
  g_assert_nonnull (gossl_pkcs12_get_privatekey (p12));
  g_assert_cmpstr (gossl_pkcs12_get_friendly_name (p12), ==, "gossl server");
  g_assert_cmpuint (interaction->calls, ==, 1);
  g_assert_cmpstr (interaction->description, ==, "PKCS#12 data");

  /* Files that open without a passphrase do not ask. */
  for (guint i = 0; i < G_N_ELEMENTS (unlocked); i++)
    {
      g_autoptr(GosslPKCS12) open = load_p12 (unlocked[i], interaction, &error);

      g_assert_no_error (error);
      g_assert_nonnull (gossl_pkcs12_get_privatekey (open));
    }
  g_assert_cmpuint (interaction->calls, ==, 1);

  /* Data that is no PKCS#12 fails before anyone is asked. */
  g_assert_null (load_p12 ("garbage.bin", interaction, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_assert_cmpuint (interaction->calls, ==, 1);
}

static void
test_pkcs12_refused (void)
{
  const Reply replies[] = { UNHANDLED, FAIL };
  g_autoptr(TestInteraction) wrong = interaction_new (ANSWER, "wrong");
  g_autoptr(TestInteraction) cancel = interaction_new (CANCEL, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_null (load_p12 ("server.p12", wrong, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_BAD_PASSPHRASE);
  g_assert_cmpuint (wrong->calls, ==, 1);
  g_clear_error (&error);

  g_assert_null (load_p12 ("server.p12", cancel, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    {
      g_autoptr(TestInteraction) interaction = interaction_new (replies[i], NULL);

      g_assert_null (load_p12 ("server.p12", interaction, &error));
      g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_PASSPHRASE_REQUIRED);
      g_assert_cmpuint (interaction->calls, ==, 1);
      g_clear_error (&error);
    }

  g_assert_null (load_p12 ("server.p12", NULL, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_PASSPHRASE_REQUIRED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/interaction/context/property", test_context_property);
  g_test_add_func ("/interaction/context/right", test_context_right);
  g_test_add_func ("/interaction/context/wrong", test_context_wrong);
  g_test_add_func ("/interaction/context/mismatch", test_context_mismatch);
  g_test_add_func ("/interaction/context/reentrant", test_context_reentrant);
  g_test_add_func ("/interaction/context/too-long", test_context_too_long);
  g_test_add_func ("/interaction/context/no-answer", test_context_no_answer);
  g_test_add_func ("/interaction/context/cancelled", test_context_cancelled);
  g_test_add_func ("/interaction/context/unencrypted", test_context_unencrypted);
  g_test_add_func ("/interaction/context/passwd-wins", test_context_passwd_wins);
  g_test_add_func ("/interaction/pkey", test_pkey);
  g_test_add_func ("/interaction/pkey/refused", test_pkey_refused);
  g_test_add_func ("/interaction/pkcs12", test_pkcs12);
  g_test_add_func ("/interaction/pkcs12/refused", test_pkcs12_refused);

  return g_test_run ();
}
