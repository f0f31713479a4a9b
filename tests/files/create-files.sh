#!/bin/bash
# Regenerates every fixture in tests/files/ with the openssl command line
# (OpenSSL 3.0; python3-cryptography for the one certificate the command
# line cannot write). Run it from anywhere; it writes next to itself and
# always writes the same file names, so running it again just replaces them
# with fresh keys. Passphrase of every encrypted file: "secret".
#
# The files are committed: the tests never run this script.
#
# SPDX-License-Identifier: Apache-2.0

set -euo pipefail

cd "$(dirname "$0")"

DAYS=36500 # 100 years: the fixtures must not expire under the tests
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Our own configuration, so that the system's openssl.cnf cannot add or
# change extensions.
cat > "$tmp/openssl.cnf" <<'EOF'
[ req ]
distinguished_name = req_dn
prompt = no
string_mask = utf8only

[ req_dn ]
CN = unused

[ ca_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ server_req_ext ]
subjectAltName = DNS:localhost, IP:127.0.0.1
keyUsage = critical, digitalSignature, keyEncipherment

[ server_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ client_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
export OPENSSL_CONF="$tmp/openssl.cnf"

rsa_key () {
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null
}

# make_ca NAME SUBJECT
make_ca () {
  rsa_key "$1.key"
  openssl req -new -x509 -key "$1.key" -out "$1.pem" -days $DAYS -sha256 \
    -subj "$2" -set_serial 1 -config "$OPENSSL_CONF" -extensions ca_ext
}

# sign_cert NAME SERIAL EXTENSIONS: NAME.csr -> NAME.pem, signed by ca
sign_cert () {
  openssl x509 -req -in "$tmp/$1.csr" -CA ca.pem -CAkey ca.key -set_serial "$2" \
    -days $DAYS -sha256 -extfile "$OPENSSL_CONF" -extensions "$3" -out "$1.pem" 2>/dev/null
}

# --- certificate authorities -------------------------------------------------
make_ca ca "/C=US/ST=Massachusetts/O=gossl test/CN=gossl test CA"
make_ca ca2 "/C=US/O=gossl other test/CN=gossl unrelated CA"

# --- server: RSA 2048, CN=localhost ------------------------------------------
rsa_key server.key
openssl req -new -key server.key -sha256 -config "$OPENSSL_CONF" \
  -subj "/C=US/ST=Massachusetts/L=Boston/O=gossl test/CN=localhost" \
  -reqexts server_req_ext -out server.csr
openssl req -in server.csr -outform DER -out server.csr.der
cp server.csr "$tmp/server.csr"
sign_cert server 2 server_ext
openssl x509 -in server.pem -outform DER -out server.der
openssl pkey -in server.key -outform DER -out server.key.der
openssl pkey -in server.key -aes-256-cbc -passout pass:secret -out server-enc.key
# Traditional (PKCS#1) PEM encrypted with Blowfish, as old tools wrote it:
# reading it needs the legacy provider.
openssl rsa -in server.key -traditional -bf -passout pass:secret \
  -provider legacy -provider default -out legacy-bf.key 2>/dev/null

# --- client: RSA 2048; its request has no extensions -------------------------
rsa_key client.key
openssl req -new -key client.key -sha256 -config "$OPENSSL_CONF" \
  -subj "/C=US/O=gossl test/CN=gossl test client/emailAddress=client@example.com" \
  -out client.csr
cp client.csr "$tmp/client.csr"
sign_cert client 3 client_ext

# --- ECDSA P-256 -------------------------------------------------------------
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
  -pkeyopt ec_param_enc:named_curve -out ecdsa.key
openssl req -new -key ecdsa.key -sha256 -config "$OPENSSL_CONF" \
  -subj "/O=gossl test/CN=localhost" -reqexts server_req_ext -out "$tmp/ecdsa.csr"
sign_cert ecdsa 4 server_ext

# --- DSA 2048 ----------------------------------------------------------------
openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:2048 \
  -out "$tmp/dsa.param" 2>/dev/null
openssl genpkey -paramfile "$tmp/dsa.param" -out dsa.key

# --- a NUL inside the names ---------------------------------------------------
# CN and a subjectAltName DNS name "localhost\0.evil.com" (as a CA that checked
# only up to the NUL would sign), signed by ca, serial 5. The command line
# cannot write a NUL into a name: python3-cryptography can. RSA PKCS#1 v1.5
# signatures are deterministic, so this file comes out the same every time.
python3 - <<'PY'
import datetime, ipaddress
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID

def load_key(name):
    with open(name, "rb") as f:
        return serialization.load_pem_private_key(f.read(), None)

with open("ca.pem", "rb") as f:
    ca = x509.load_pem_x509_certificate(f.read())
name = "localhost\0.evil.com"
cert = (
    x509.CertificateBuilder()
    .subject_name(x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "gossl test"),
                             x509.NameAttribute(NameOID.COMMON_NAME, name)]))
    .issuer_name(ca.subject)
    .public_key(load_key("server.key").public_key())
    .serial_number(5)
    .not_valid_before(datetime.datetime(2024, 1, 1))
    .not_valid_after(datetime.datetime(2124, 1, 1))
    .add_extension(x509.SubjectAlternativeName([
        x509.DNSName(name), x509.DNSName("plain.example"),
        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
    .sign(load_key("ca.key"), hashes.SHA256())
)
with open("nul-name.pem", "wb") as f:
    f.write(cert.public_bytes(serialization.Encoding.PEM))
PY

# --- PKCS#7 ------------------------------------------------------------------
# signedData holding certificates only (a "degenerate" PKCS#7, as in .p7b files)
openssl crl2pkcs7 -nocrl -certfile server.pem -certfile ca.pem -out pkcs7-signed.pem
openssl crl2pkcs7 -nocrl -certfile server.pem -certfile ca.pem -outform DER -out pkcs7-signed.der
# data: CMS writes a bare id-data ContentInfo, which is PKCS#7 too
printf 'Hello from gossl\n' > "$tmp/message.txt"
openssl cms -data_create -binary -in "$tmp/message.txt" -outform DER -out "$tmp/data.der"
openssl pkcs7 -inform DER -in "$tmp/data.der" -outform PEM -out pkcs7-data.pem
# envelopedData for the server certificate
openssl smime -encrypt -aes256 -in "$tmp/message.txt" -outform PEM \
  -out pkcs7-enveloped.pem server.pem

# --- PKCS#12 -----------------------------------------------------------------
# key + certificate + CA, passphrase "secret", OpenSSL 3's defaults (AES, PBKDF2)
openssl pkcs12 -export -inkey server.key -in server.pem -certfile ca.pem \
  -name "gossl server" -passout pass:secret -out server.p12
# empty passphrase, still encrypted and MACed with it (load with no passphrase)
openssl pkcs12 -export -inkey server.key -in server.pem -certfile ca.pem \
  -name "gossl server" -passout pass: -out server-nopass.p12
# no encryption and no MAC at all
openssl pkcs12 -export -inkey server.key -in server.pem -certfile ca.pem \
  -name "gossl server" -keypbe NONE -certpbe NONE -nomac -passout pass: \
  -out server-unencrypted.p12
# no CA certificates and no friendly name
openssl pkcs12 -export -inkey server.key -in server.pem -passout pass:secret \
  -out server-noca.p12
# certificate only, no private key
openssl pkcs12 -export -nokeys -in server.pem -passout pass:secret -out certonly.p12
# RC2-40 / 3DES with a SHA-1 MAC, as Windows and OpenSSL 1.x write it
openssl pkcs12 -export -legacy -inkey server.key -in server.pem -certfile ca.pem \
  -name "gossl server" -passout pass:secret -out legacy.p12

# --- Diffie-Hellman parameters -----------------------------------------------
openssl dhparam -out dh2048.pem 2048 2>/dev/null
# refused at security level 2: for the "too small" tests
openssl dhparam -out dh1024.pem 1024 2>/dev/null

# --- not any format ----------------------------------------------------------
{ printf 'This is not a certificate, key or PKCS structure.\n'; openssl rand 256; } > garbage.bin

# Private keys get 0600 from openssl; git records 0644 anyway, so match it.
chmod 0644 -- *.key *.key.der *.p12 *.pem *.csr *.csr.der *.der garbage.bin

echo "fixtures written to $(pwd)"
