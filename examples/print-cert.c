/* print-cert: load a PEM certificate with gossl and print who it is.
 *
 * Usage: print-cert FILE.pem
 */
#include <gossl/gossl.h>

static void
print_date (const char *label,
            GDateTime  *when)
{
  g_autofree char *text = when ? g_date_time_format_iso8601 (when) : NULL;

  g_print ("%s: %s\n", label, text ? text : "(unset)");
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) pem = NULL;
  g_autoptr(GosslX509) cert = NULL;
  g_autofree char *subject = NULL, *issuer = NULL, *cn = NULL, *serial = NULL;
  g_autoptr(GDateTime) not_before = NULL, not_after = NULL;
  g_autoptr(GPtrArray) dns_names = NULL, ip_addresses = NULL;

  if (argc != 2)
    {
      g_printerr ("Usage: %s FILE.pem\n", argv[0]);
      return 2;
    }
  file = g_file_new_for_commandline_arg (argv[1]);
  pem = g_file_load_bytes (file, NULL, NULL, &error);
  if (pem == NULL ||
      !(cert = gossl_x509_new_from_bytes (GOSSL_FILETYPE_PEM, pem, &error)))
    {
      g_printerr ("%s: %s\n", argv[1], error->message);
      return 1;
    }

  /* Reading a certificate cannot fail: no GError from here on. The getters
   * are those of the properties GTlsCertificate has too (subject-name,
   * not-valid-after, dns-names, ...). */
  subject = gossl_x509_get_subject_name (cert);
  cn = gossl_x509_get_subject_common_name (cert);
  issuer = gossl_x509_get_issuer_name (cert);
  serial = gossl_x509_get_serial_number (cert);
  not_before = gossl_x509_get_not_valid_before (cert);
  not_after = gossl_x509_get_not_valid_after (cert);
  dns_names = gossl_x509_get_dns_names (cert);
  ip_addresses = gossl_x509_get_ip_addresses (cert);

  g_print ("subject: %s\n", subject);
  g_print ("common name: %s\n", cn ? cn : "(none)");
  g_print ("issuer: %s\n", issuer);
  g_print ("serial: 0x%s\n", serial);
  print_date ("not valid before", not_before);
  print_date ("not valid after", not_after);

  g_print ("DNS names:");
  for (guint i = 0; i < dns_names->len; i++)
    {
      /* GBytes, as GIO has them: a name may hold any byte. */
      gsize len;
      const char *name = g_bytes_get_data (dns_names->pdata[i], &len);

      g_print (" %.*s", (int) len, name);
    }
  g_print ("%s\n", dns_names->len ? "" : " (none)");

  g_print ("IP addresses:");
  for (guint i = 0; i < ip_addresses->len; i++)
    {
      g_autofree char *address = g_inet_address_to_string (ip_addresses->pdata[i]);

      g_print (" %s", address);
    }
  g_print ("%s\n", ip_addresses->len ? "" : " (none)");
  return 0;
}
