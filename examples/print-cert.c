/* print-cert: load a PEM certificate with gossl and print who it is.
 *
 * Usage: print-cert FILE.pem
 */
#include <gossl/gossl.h>

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pem = NULL;
  gsize len = 0;
  g_autoptr(GosslX509) cert = NULL;
  g_autoptr(GosslX509Name) subject = NULL;
  g_autoptr(GosslX509Name) issuer = NULL;
  g_autofree char *subject_text = NULL, *issuer_text = NULL, *cn = NULL;
  g_autofree char *serial = NULL, *not_after = NULL;

  if (argc != 2)
    {
      g_printerr ("Usage: %s FILE.pem\n", argv[0]);
      return 2;
    }
  if (!g_file_get_contents (argv[1], &pem, &len, &error) ||
      !(cert = gossl_x509_new_from_data (GOSSL_FILETYPE_PEM, (const guint8 *) pem, len, &error)))
    {
      g_printerr ("%s: %s\n", argv[1], error->message);
      return 1;
    }

  subject = gossl_x509_get_subject (cert);
  issuer = gossl_x509_get_issuer (cert);
  subject_text = gossl_x509_name_to_string (subject);
  issuer_text = gossl_x509_name_to_string (issuer);
  cn = gossl_x509_name_get_entry (subject, "CN", NULL);
  serial = gossl_x509_get_serial_number (cert);
  not_after = gossl_x509_get_not_after (cert);

  g_print ("subject: %s\n", subject_text);
  g_print ("common name: %s\n", cn ? cn : "(none)");
  g_print ("issuer: %s\n", issuer_text);
  g_print ("serial: 0x%s\n", serial);
  g_print ("not after: %s\n", not_after ? not_after : "(unset)");
  return 0;
}
