#!/bin/bash
# Regenerates the seed corpora of the fuzzers (tests/fuzz/corpus/<target>/)
# with the openssl command line (OpenSSL 3.0): certificates, requests, keys,
# PKCS#7 and PKCS#12 files of every kind gossl reads, and, for the TLS
# targets, the bytes real openssl s_client and s_server peers send each
# other (recorded by a small relay between them).
#
# The corpora are committed; neither the tests nor CI run this script. It
# replaces every file it writes (fresh keys each time) and leaves the other
# files of the corpus directories alone. Passphrase of encrypted inputs:
# "secret", as the fuzzers use.
#
#   make-corpora.sh        every corpus
#   make-corpora.sh tls    the TLS transcripts only
#
# SPDX-License-Identifier: Apache-2.0

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
files="$here/../files"
out="$here/corpus"
python=/usr/bin/python3
tmp=$(mktemp -d)
pids=()
cleanup () {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

mkdir -p "$out"/{x509,x509-req,pkey,pkcs7,pkcs12,tls-server,tls-client}

cat > "$tmp/openssl.cnf" <<'EOF'
[ req ]
distinguished_name = req_dn
prompt = no
string_mask = utf8only

[ req_dn ]
CN = unused

[ rich_ext ]
basicConstraints = critical, CA:TRUE, pathlen:3
keyUsage = critical, keyCertSign, cRLSign, digitalSignature
extendedKeyUsage = serverAuth, clientAuth, codeSigning, 1.2.3.4.5
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid, issuer
subjectAltName = @alt
issuerAltName = email:ca@example.com, URI:http://ca.example.com/
nameConstraints = permitted;DNS:.example.com, excluded;IP:10.0.0.0/255.0.0.0
certificatePolicies = 1.2.3.4, @policy
policyConstraints = requireExplicitPolicy:1
inhibitAnyPolicy = 2
crlDistributionPoints = URI:http://crl.example.com/ca.crl
authorityInfoAccess = OCSP;URI:http://ocsp.example.com/, caIssuers;URI:http://ca.example.com/ca.cer
nsComment = "a comment with \"quotes\" and UTF-8: \xc3\xa9"
1.2.3.4.5.6 = ASN1:UTF8String:an unknown extension
1.2.3.4.5.7 = critical, DER:01:02:03:04

[ alt ]
DNS.1 = localhost
DNS.2 = *.example.com
IP.1 = 127.0.0.1
IP.2 = ::1
email.1 = someone@example.com
URI.1 = https://example.com/path?query
RID.1 = 1.2.3.4
otherName.1 = 1.3.6.1.4.1.311.20.2.3;UTF8:user@example.com
dirName.1 = alt_dir

[ alt_dir ]
C = FR
O = Dir Name Org
CN = dir name

[ policy ]
policyIdentifier = 1.3.6.1.4.1.99999.1
CPS.1 = "http://example.com/cps"
userNotice.1 = @notice

[ notice ]
explicitText = "an explicit text"
organization = "Example"
noticeNumbers = 1, 2, 3

[ rich_req_ext ]
subjectAltName = @alt
basicConstraints = CA:FALSE
keyUsage = digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
1.2.3.4.5.6 = ASN1:UTF8String:an unknown extension

[ req_attrs ]
challengePassword = a challenge
unstructuredName = an unstructured name
EOF
export OPENSSL_CONF="$tmp/openssl.cnf"

subj_utf8="/C=FR/ST=Île-de-France/L=Paris/O=Société ☃/OU=Ünit/CN=ünïcödé.example/emailAddress=u@example.com/serialNumber=42/UID=uid"

only_tls=false
[ "${1:-}" = tls ] && only_tls=true

if ! $only_tls; then
# --- keys ----------------------------------------------------------------------
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out "$tmp/rsa.key" 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tmp/ec.key"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:secp384r1 \
  -pkeyopt ec_param_enc:explicit -out "$tmp/ec-explicit.key"
openssl genpkey -algorithm ED25519 -out "$tmp/ed25519.key"
openssl genpkey -algorithm ED448 -out "$tmp/ed448.key"
openssl genpkey -algorithm X25519 -out "$tmp/x25519.key"
openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:1024 \
  -out "$tmp/dsa.param" 2>/dev/null
openssl genpkey -paramfile "$tmp/dsa.param" -out "$tmp/dsa.key"
openssl genpkey -genparam -algorithm DH -pkeyopt dh_paramgen_prime_len:512 \
  -out "$tmp/dh.param" 2>/dev/null
openssl genpkey -paramfile "$tmp/dh.param" -out "$tmp/dh.key"

k="$out/pkey"
for alg in rsa ec ec-explicit ed25519 ed448 x25519 dsa dh; do
  cp "$tmp/$alg.key" "$k/$alg-pkcs8.pem"
  openssl pkey -in "$tmp/$alg.key" -outform DER -out "$k/$alg-pkcs8.der"
  openssl pkey -in "$tmp/$alg.key" -pubout -out "$k/$alg-public.pem"
  openssl pkey -in "$tmp/$alg.key" -pubout -outform DER -out "$k/$alg-public.der"
  # Encrypted PKCS#8, one PBKDF2 iteration so the fuzzer stays fast.
  openssl pkcs8 -topk8 -in "$tmp/$alg.key" -v2 aes-128-cbc -iter 1 \
    -passout pass:secret -out "$k/$alg-pkcs8-enc.pem"
  openssl pkcs8 -topk8 -in "$tmp/$alg.key" -v2 aes-128-cbc -iter 1 \
    -passout pass:secret -outform DER -out "$k/$alg-pkcs8-enc.der"
done
# Traditional (PKCS#1, SEC1, DSA) forms, plain and PEM-encrypted.
openssl rsa -in "$tmp/rsa.key" -traditional -out "$k/rsa-traditional.pem" 2>/dev/null
openssl rsa -in "$tmp/rsa.key" -traditional -outform DER -out "$k/rsa-traditional.der" 2>/dev/null
openssl rsa -in "$tmp/rsa.key" -traditional -aes128 -passout pass:secret \
  -out "$k/rsa-traditional-enc.pem" 2>/dev/null
openssl rsa -in "$tmp/rsa.key" -RSAPublicKey_out -out "$k/rsa-pkcs1-public.pem" 2>/dev/null
openssl ec -in "$tmp/ec.key" -out "$k/ec-traditional.pem" 2>/dev/null
openssl ec -in "$tmp/ec.key" -des3 -passout pass:secret -out "$k/ec-traditional-enc.pem" 2>/dev/null
openssl dsa -in "$tmp/dsa.key" -out "$k/dsa-traditional.pem" 2>/dev/null
openssl pkcs8 -topk8 -in "$tmp/rsa.key" -v1 PBE-SHA1-3DES -iter 1 -passout pass:secret \
  -out "$k/rsa-pkcs8-pbes1.pem"
openssl pkcs8 -topk8 -in "$tmp/rsa.key" -scrypt -scrypt_N 2 -scrypt_r 1 -scrypt_p 1 \
  -passout pass:secret -out "$k/rsa-pkcs8-scrypt.pem"
cp "$files/legacy-bf.key" "$k/rsa-traditional-bf.pem"
cp "$files/server.key" "$files/server.key.der" "$files/server-enc.key" "$k/"

# --- certificates and requests -----------------------------------------------------
c="$out/x509"
r="$out/x509-req"
for alg in rsa ec ed25519 ed448 dsa; do
  openssl req -new -x509 -key "$tmp/$alg.key" -subj "/O=gossl fuzz/CN=$alg" -days 30 \
    -set_serial 7 -out "$c/$alg.pem"
  openssl x509 -in "$c/$alg.pem" -outform DER -out "$c/$alg.der"
  openssl req -new -key "$tmp/$alg.key" -subj "/O=gossl fuzz/CN=$alg" -out "$r/$alg.pem"
  openssl req -in "$r/$alg.pem" -outform DER -out "$r/$alg.der"
done
# Every extension the config knows, a UTF-8 name, a long negative-looking
# serial, GeneralizedTime dates past 2049.
openssl req -new -x509 -key "$tmp/rsa.key" -utf8 -subj "$subj_utf8" -multivalue-rdn \
  -set_serial 0x80a1b2c3d4e5f60718293a4b5c6d7e8f90 -days 40000 \
  -extensions rich_ext -out "$c/rich.pem"
openssl x509 -in "$c/rich.pem" -outform DER -out "$c/rich.der"
openssl req -new -x509 -key "$tmp/ec.key" -subj "/CN=multi+UID=valued/O=rdn" -multivalue-rdn \
  -days 1 -set_serial 0 -out "$c/multivalue-rdn.pem"
# A version 1 certificate (no extensions), BMPString names.
openssl x509 -req -in "$r/rsa.pem" -signkey "$tmp/rsa.key" -days 2 -set_serial 1 \
  -out "$c/v1.pem" 2>/dev/null
openssl req -new -x509 -key "$tmp/rsa.key" -subj "/CN=bmp name/O=bmp" -utf8 \
  -days 3 -set_serial 3 -out "$c/bmp.pem" -config <(sed 's/utf8only/nombstr/' "$OPENSSL_CONF")
# A request with extensions and attributes (challengePassword, ...):
# openssl req drops the attributes when -subj is given, so the name is in
# the configuration.
{
  sed 's/^prompt = no$/prompt = no\nattributes = req_attrs/; s/^distinguished_name = req_dn$/distinguished_name = rich_dn/' "$OPENSSL_CONF"
  printf '[ rich_dn ]\nC = FR\nST = Île-de-France\nO = Société ☃\nCN = ünïcödé.example\nemailAddress = u@example.com\n'
} > "$tmp/req-attrs.cnf"
openssl req -new -key "$tmp/rsa.key" -utf8 -config "$tmp/req-attrs.cnf" \
  -reqexts rich_req_ext -out "$r/rich.pem"
openssl req -in "$r/rich.pem" -outform DER -out "$r/rich.der"
cp "$files/server.pem" "$files/ca.pem" "$files/client.pem" "$files/ecdsa.pem" "$files/server.der" "$c/"
# A NUL inside the CN and a subjectAltName name.
cp "$files/nul-name.pem" "$c/"
cp "$files/server.csr" "$files/client.csr" "$files/server.csr.der" "$r/"

# --- PKCS#7 ------------------------------------------------------------------------
p="$out/pkcs7"
printf 'gossl fuzz message\n' > "$tmp/msg.txt"
openssl req -new -x509 -key "$tmp/rsa.key" -subj "/CN=crl issuer" -days 30 -out "$tmp/crlca.pem"
mkdir -p "$tmp/ca/newcerts" && : > "$tmp/ca/index.txt" && echo 01 > "$tmp/ca/crlnumber"
cat > "$tmp/ca.cnf" <<EOF
[ ca ]
default_ca = fuzz_ca
[ fuzz_ca ]
database = $tmp/ca/index.txt
crlnumber = $tmp/ca/crlnumber
default_md = sha256
default_crl_days = 30
EOF
openssl ca -config "$tmp/ca.cnf" -gencrl -keyfile "$tmp/rsa.key" -cert "$tmp/crlca.pem" \
  -out "$tmp/crl.pem" 2>/dev/null
openssl crl2pkcs7 -in "$tmp/crl.pem" -certfile "$c/rsa.pem" -certfile "$c/ec.pem" -out "$p/certs-crl.pem"
openssl crl2pkcs7 -in "$tmp/crl.pem" -certfile "$c/rsa.pem" -outform DER -out "$p/certs-crl.der"
openssl crl2pkcs7 -nocrl -certfile "$c/rich.pem" -out "$p/certs.pem"
openssl smime -sign -in "$tmp/msg.txt" -signer "$c/rsa.pem" -inkey "$tmp/rsa.key" \
  -outform PEM -out "$p/signed.pem"
openssl smime -sign -nodetach -in "$tmp/msg.txt" -signer "$c/ec.pem" -inkey "$tmp/ec.key" \
  -outform DER -out "$p/signed-attached.der"
openssl smime -encrypt -aes128 -in "$tmp/msg.txt" -outform PEM -out "$p/enveloped.pem" "$c/rsa.pem"
openssl smime -encrypt -aes128 -in "$tmp/msg.txt" -outform DER -out "$p/enveloped.der" "$c/rsa.pem"
openssl cms -data_create -binary -in "$tmp/msg.txt" -outform DER -out "$p/data.der"
openssl cms -digest_create -binary -in "$tmp/msg.txt" -outform DER -out "$p/digest.der"
openssl cms -EncryptedData_encrypt -aes128 \
  -secretkey 000102030405060708090a0b0c0d0e0f -in "$tmp/msg.txt" -outform DER -out "$p/encrypted.der"
cp "$files/pkcs7-signed.pem" "$files/pkcs7-signed.der" "$files/pkcs7-data.pem" \
  "$files/pkcs7-enveloped.pem" "$p/"
# A ContentInfo whose content type (1.2.3.4) OpenSSL has no name for.
printf '\x30\x0b\x06\x03\x2a\x03\x04\xa0\x04\x04\x02\xab\xcd' > "$p/unknown-type.der"

# --- PKCS#12 -----------------------------------------------------------------------
q="$out/pkcs12"
cat "$c/ec.pem" "$c/rsa.pem" > "$tmp/chain.pem"
# Neither MAC nor encryption: the fuzzer's mutations reach every bag.
openssl pkcs12 -export -in "$c/ec.pem" -inkey "$tmp/ec.key" -certfile "$c/rsa.pem" \
  -name "friendly ☃" -nomac -keypbe NONE -certpbe NONE -passout pass: -out "$q/plain-nomac.p12"
openssl pkcs12 -export -in "$c/rsa.pem" -inkey "$tmp/rsa.key" \
  -nomac -keypbe NONE -certpbe NONE -passout pass: -out "$q/plain-nomac-noname.p12"
openssl pkcs12 -export -nokeys -in "$tmp/chain.pem" -nomac -certpbe NONE -passout pass: \
  -out "$q/certs-only-nomac.p12"
openssl pkcs12 -export -nocerts -inkey "$tmp/ed25519.key" -nomac -keypbe NONE -passout pass: 2>/dev/null \
  -out "$q/key-only-nomac.p12"
# Encrypted, one iteration: "secret" and the empty passphrase.
openssl pkcs12 -export -in "$c/rsa.pem" -inkey "$tmp/rsa.key" -certfile "$c/ec.pem" \
  -name fuzz -iter 1 -maciter -passout pass:secret -out "$q/secret-iter1.p12" 2>/dev/null ||
  openssl pkcs12 -export -in "$c/rsa.pem" -inkey "$tmp/rsa.key" -certfile "$c/ec.pem" \
    -name fuzz -iter 1 -passout pass:secret -out "$q/secret-iter1.p12"
openssl pkcs12 -export -in "$c/ec.pem" -inkey "$tmp/ec.key" -iter 1 -passout pass: \
  -out "$q/empty-pass-iter1.p12"
openssl pkcs12 -export -in "$c/rsa.pem" -inkey "$tmp/rsa.key" -legacy -passout pass:secret \
  -out "$q/legacy-rc2.p12" 2>/dev/null || true
cp "$files/server.p12" "$files/server-nopass.p12" "$files/server-noca.p12" \
  "$files/certonly.p12" "$files/legacy.p12" "$files/server-unencrypted.p12" "$q/"

fi # ! $only_tls

# --- TLS transcripts -------------------------------------------------------------------
# relay.py LISTEN_PORT_FILE TARGET_PORT PREFIX: accepts one connection,
# relays it to 127.0.0.1:TARGET_PORT and writes what each side sent to
# PREFIX.c2s and PREFIX.s2c.
cat > "$tmp/relay.py" <<'EOF'
import selectors, socket, sys
port_file, target, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ls = socket.socket()
ls.bind(("127.0.0.1", 0))
ls.listen(1)
open(port_file, "w").write(str(ls.getsockname()[1]))
ls.settimeout(20)
client, _ = ls.accept()
server = socket.create_connection(("127.0.0.1", target), timeout=20)
data = {client: bytearray(), server: bytearray()}
peer = {client: server, server: client}
sel = selectors.DefaultSelector()
for s in (client, server):
    sel.register(s, selectors.EVENT_READ)
open_count = 2
while open_count:
    events = sel.select(timeout=20)
    if not events:
        break
    for key, _ in events:
        s = key.fileobj
        try:
            chunk = s.recv(65536)
        except OSError:
            chunk = b""
        if not chunk:
            sel.unregister(s)
            open_count -= 1
            try:
                peer[s].shutdown(socket.SHUT_WR)
            except OSError:
                pass
            continue
        data[s] += chunk
        try:
            peer[s].sendall(chunk)
        except OSError:
            pass
open(prefix + ".c2s", "wb").write(data[client])
open(prefix + ".s2c", "wb").write(data[server])
EOF

# transcript NAME "SERVER ARGS" "CLIENT ARGS": one session through the relay;
# s_server -www answers the client's GET with a page, then closes.
transcript () {
  local name=$1 sargs=$2 cargs=$3 sport="" spid rpid
  rm -f "$tmp/server.out" "$tmp/relay.port"
  # shellcheck disable=SC2086
  openssl s_server -accept 127.0.0.1:0 -naccept 1 -www \
    -cert "$files/server.pem" -key "$files/server.key" $sargs </dev/null >"$tmp/server.out" 2>&1 &
  spid=$!
  pids+=("$spid")
  for _ in $(seq 100); do
    sport=$(sed -n 's/^ACCEPT .*:\([0-9]*\)$/\1/p' "$tmp/server.out" 2>/dev/null)
    [ -n "$sport" ] && break
    sleep 0.1
  done
  [ -n "$sport" ] || { echo "s_server did not start: $(cat "$tmp/server.out")" >&2; exit 1; }
  "$python" "$tmp/relay.py" "$tmp/relay.port" "$sport" "$tmp/$name" &
  rpid=$!
  for _ in $(seq 100); do [ -s "$tmp/relay.port" ] && break; sleep 0.1; done
  # shellcheck disable=SC2086
  (printf 'GET / HTTP/1.0\r\n\r\n'; sleep 1) |
    timeout 20 openssl s_client -connect "127.0.0.1:$(cat "$tmp/relay.port")" -servername localhost \
      -CAfile "$files/ca.pem" $cargs >/dev/null 2>&1 || true
  wait "$rpid" || true
  kill "$spid" 2>/dev/null || true
  wait "$spid" 2>/dev/null || true
  [ -s "$tmp/$name.c2s" ] && [ -s "$tmp/$name.s2c" ] ||
    { echo "no transcript for $name" >&2; exit 1; }
  cp "$tmp/$name.c2s" "$out/tls-server/$name"
  cp "$tmp/$name.s2c" "$out/tls-client/$name"
}

transcript tls13 "" "-tls1_3"
transcript tls13-hrr "-groups P-256" "-tls1_3 -groups X25519:P-256"
transcript tls13-client-cert "-Verify 1 -CAfile $files/ca.pem" \
  "-tls1_3 -cert $files/client.pem -key $files/client.key"
transcript tls12-ecdhe "" "-tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256"
transcript tls12-rsa "" "-tls1_2 -cipher AES128-GCM-SHA256"
transcript tls12-dhe "-dhparam $files/dh2048.pem" "-tls1_2 -cipher DHE-RSA-AES256-GCM-SHA384"
transcript tls12-chacha "" "-tls1_2 -cipher ECDHE-RSA-CHACHA20-POLY1305"
transcript tls12-cbc "" "-tls1_2 -cipher ECDHE-RSA-AES128-SHA"
transcript tls12-client-cert "-Verify 1 -CAfile $files/ca.pem" \
  "-tls1_2 -cert $files/client.pem -key $files/client.key"
transcript tls12-no-ticket "" "-tls1_2 -no_ticket"
transcript tls13-psk-kex "-psk 0102030405060708 -nocert" "-tls1_3 -psk 0102030405060708"
# ALPN (the server chooses from its list) and server names the fuzzing
# server's handler treats differently (refuses x..., switches on o...).
transcript tls13-alpn "-alpn h2,http/1.1" "-tls1_3 -alpn http/1.1,h2,spdy/3"
transcript tls12-alpn "-alpn http/1.1" "-tls1_2 -alpn h2,http/1.1"
transcript tls13-sni-other "-servername other.example -cert2 $files/ecdsa.pem -key2 $files/ecdsa.key" \
  "-tls1_3 -servername other.example"
transcript tls13-sni-refused "" "-tls1_3 -servername xrefused.example"
# Not TLS at all: what a misdirected client or server sends.
printf 'GET / HTTP/1.1\r\nHost: localhost\r\n\r\n' > "$out/tls-server/http-request"
printf 'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n' > "$out/tls-client/http-response"
printf 'SSH-2.0-OpenSSH_9.2\r\n' > "$out/tls-client/ssh-banner"
# An SSLv2-format ClientHello (as very old clients sent).
printf '\x80\x2e\x01\x03\x01\x00\x15\x00\x00\x00\x10\x01\x00\x80\x03\x00\x80\x07\x00\xc0\x06\x00\x40\x02\x00\x80\x04\x00\x80\x00\x00\x04\x00\xfe\xff\x00\x00\x0a\x00\xfe\xfe\x00\x00\x09\x00\x00\x64\x00\x00\x62\x00\x00\x03\x00\x00\x06' \
  > "$out/tls-server/sslv2-client-hello"

echo "corpora written to $out:"
for d in "$out"/*/; do
  printf '  %-12s %3d files\n' "$(basename "$d")" "$(find "$d" -type f | wc -l)"
done
