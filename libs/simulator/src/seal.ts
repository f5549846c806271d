import forge from 'node-forge';

// The simulated agency's seal: a self-signed RSA-2048 certificate and its key, committed so that the
// simulator signs the same bytes in every process. For simulated traffic and tests only: it certifies nothing.
export const SIMULATED_SEAL_PEM = `
-----BEGIN CERTIFICATE-----
MIIDWjCCAkKgAwIBAgIEXRogJjANBgkqhkiG9w0BAQsFADBhMTIwMAYDVQQDEylD
byBxdWFuIG1vIHBob25nIGhvc28tYnJpZGdlIChjaGkgZGUgdGh1KTEeMBwGA1UE
ChMVaG9zby1icmlkZ2Ugc2ltdWxhdG9yMQswCQYDVQQGEwJWTjAeFw0yNjAxMDEw
MDAwMDBaFw0zNjAxMDEwMDAwMDBaMGExMjAwBgNVBAMTKUNvIHF1YW4gbW8gcGhv
bmcgaG9zby1icmlkZ2UgKGNoaSBkZSB0aHUpMR4wHAYDVQQKExVob3NvLWJyaWRn
ZSBzaW11bGF0b3IxCzAJBgNVBAYTAlZOMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A
MIIBCgKCAQEAtThDAoKZqb1rC70Vm+94upnp/K0ED/MxXS8iAb02k3Wuwn5xeyD/
+mzU/roJHWRmnXXeH8WEIfCbPdDwnOxRMnRH2AKy++aoMgnM8QWEWil9SCFBUSpN
pm9YnFbmfE2lXapTsJOe6OFqCNyQtVwQlYrxKI6bdkypjI7j9MoVJLc382M4rlkv
mJw9jOuuCngK6YWnXpjxJKrHD+TlaZlTmVflfAY1o03NpbPpP4nBSc17oDfFmDXL
aRrLHWmWuFR68a+OLLiymdev/Oe7kn32I/IzC/KX8TyFMUaMV8F48SgYJb6jgeU+
Pf3jVdA1OFb0SVPNTmEz/TQscNsXP0tUvwIDAQABoxowGDAJBgNVHRMEAjAAMAsG
A1UdDwQEAwIGwDANBgkqhkiG9w0BAQsFAAOCAQEAERM7+N7naQdy3h9+7aJwe47B
KglmTN9A04jalDlKlPaZ/K5TjwyfEmVd59wLSAzCYBKDRxz0U7TmLAgpJ7CuYDMW
UMtOWY9UbkW7vr62bt9E1FbBh7SaW61NhXLGUTFnA4wQ59JQwibF/V1GyuDZkyJ1
PVfFI591ZADTGOwIBCB88eRQ/IKPkcOyPHjOIQCk1v2dxUi42Ykm/wT1Muk3GqH3
BYTw8IFB7MsfmvZSJ41W/wlZT5FC0nAEByGEwVDQO1br8q0skbDSK+PKpPc+W3e0
OVqp5wXpcGvlrb878Z+ftZijyeoqyKjdvorrdcFu7MVephc/EkmMjQ9old9tZQ==
-----END CERTIFICATE-----
-----BEGIN RSA PRIVATE KEY-----
MIIEogIBAAKCAQEAtThDAoKZqb1rC70Vm+94upnp/K0ED/MxXS8iAb02k3Wuwn5x
eyD/+mzU/roJHWRmnXXeH8WEIfCbPdDwnOxRMnRH2AKy++aoMgnM8QWEWil9SCFB
USpNpm9YnFbmfE2lXapTsJOe6OFqCNyQtVwQlYrxKI6bdkypjI7j9MoVJLc382M4
rlkvmJw9jOuuCngK6YWnXpjxJKrHD+TlaZlTmVflfAY1o03NpbPpP4nBSc17oDfF
mDXLaRrLHWmWuFR68a+OLLiymdev/Oe7kn32I/IzC/KX8TyFMUaMV8F48SgYJb6j
geU+Pf3jVdA1OFb0SVPNTmEz/TQscNsXP0tUvwIDAQABAoIBAELscJ68MVhEigQv
Q4wvPzQWRBmaoX3sb0X88n+W61FArBXKkUkJ8k5+o5gght4yZkzvKuUr0bShAQuu
njUtdnz+AUwuDwBE+cdk5Cj8Qxjy6n/ZPCBn0X5N73jpBLxSBmhVTwvOMGjLWhfE
sLIxOjSnt5ClPZdOD21HlbqgaHeCjQyattlx7Ne8YvMQQb5uSm1gSzlOt6OYeomt
DiW95fdr9R+IQvOvRj1JYy3yRZGcBlCXt7ra1ET8Z9zmzopwT9v6YkBEi5tbavp8
g2+80scQnsdiACDSCjpE1QAKqCNcCSmv1Ul7GjYPbI9l9QvK0w8Eht2grLWy4XRo
kiV4R20CgYEA2xMuKNuenTAmRtfCYMJL/T97K3lAoWqeNarchHBlfc7ISJAKgZ6q
SEQOEqwJSh0N5WRsFfdflUohg6L9OvnWcBNbOlpLW1sWr0oKOzdeUtNU5PRblrOm
n3KQsp5zMlA11YAvPmSNTDIOQ48sQbognlzyOmoWDAvrPO/EA4CfW60CgYEA08Ot
W/qY9C3A8fAR8ZWTyEelv7TmqFoFT3ghGEWOGxy+OM5/9/07b0oznOz7ZWlJidHa
FBjdCFP4VYmjGN2jnZcPvFiwPorn4bv7qel3ah0Hi9qKEYwsimEVbNoP97tG5+lI
OESxVU8G9OZMaGBLnnWuMUwt5TNJe+Uxz5wkf5sCgYAN751rGfVwGGUG8qi50QJW
fNhP/qme2xJvZYwbnK7IHwRcoVUZw8cfS7z9cRYyMcD1i7rYduEMtSeGoTKsssHy
ZTjTcHUEvbmmsvYNqEsGx8zJt8Wvw4Pg9r+/rRa056dVCo92z5yxcSm5IH13POjg
Shdaoe7/Gy7+tF3qvx7kDQKBgEWyh6JYTnM/g9udSiqbMnKesjzwi2IpjsnjHfFh
Iy5lPW5w+MlkPWWZpHcnwG5WQu/rc71dmZIeIQP2MwoCGNHLYFB7WDadfUhcmK4J
u1XfjBZJrVutKRO6dFTJSKwepW266Bws77jGM+Hy0n8gAoN69AQhsJFZWfw/KS/N
km21AoGAIlbVNmJzR16KOZVbQ4KYbn0H6O11Y9ok6oQ7MpIJaFoUPxkJSlGT0JHk
YUuOwmRM4pYH/7Auha9+gNve+6R4r/yDsUZHG/lJExbVV7l1olZ+uY79N62tA1Ap
9m/6aahV1rOuVNArKnKY0jZaFJMVVZEP1+pjtIm7opwcqQzIJ2I=
-----END RSA PRIVATE KEY-----
`;

/**
 * The bytes of a PDF whose signature placeholder (a /ByteRange of "**********" names and a /Contents of
 * zeros) now holds the seal's detached PKCS#7 signature over the rest of the file, signed at `signedAt`.
 * RSA PKCS#1 v1.5 is deterministic, so the same PDF and time give the same bytes.
 */
export function sealPdf(pdf: Buffer, signedAt: Date): Buffer {
  const text = pdf.toString('latin1');
  const placeholder = /\/ByteRange \[0 (\/\*{10}) (\/\*{10}) (\/\*{10})\]/.exec(text);
  const contentsAt = text.indexOf('/Contents <', placeholder?.index);
  if (!placeholder || contentsAt < 0) throw new Error('no signature placeholder in the PDF');
  const start = contentsAt + '/Contents '.length;
  const end = text.indexOf('>', start) + 1;
  const ranges = [0, start, end, pdf.length - end];
  // Each number takes the width of the name it replaces, so no offset in the file moves.
  const byteRange = `/ByteRange [${ranges.map((n, i) => (i === 0 ? '0' : String(n).padEnd(11, ' '))).join(' ')}]`;
  const signed = Buffer.from(pdf);
  signed.write(byteRange, placeholder.index, 'latin1');
  const covered = Buffer.concat([signed.subarray(0, start), signed.subarray(end)]);
  const hex = Buffer.from(cmsSignature(covered, signedAt), 'binary').toString('hex');
  if (hex.length > end - start - 2) throw new Error('the signature placeholder is too small');
  signed.write(hex, start + 1, 'latin1');
  return signed;
}

let seal: { key: forge.pki.rsa.PrivateKey; certificate: forge.pki.Certificate } | undefined;

function cmsSignature(content: Buffer, signedAt: Date): string {
  seal ??= {
    key: forge.pki.privateKeyFromPem(SIMULATED_SEAL_PEM.slice(SIMULATED_SEAL_PEM.indexOf('-----BEGIN RSA'))),
    certificate: forge.pki.certificateFromPem(SIMULATED_SEAL_PEM),
  };
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(content.toString('binary'));
  p7.addCertificate(seal.certificate);
  p7.addSigner({
    key: seal.key,
    certificate: seal.certificate,
    digestAlgorithm: forge.pki.oids.sha256!,
    authenticatedAttributes: [
      { type: forge.pki.oids.contentType!, value: forge.pki.oids.data },
      { type: forge.pki.oids.signingTime!, value: signedAt as unknown as string },
      { type: forge.pki.oids.messageDigest! },
    ],
  });
  p7.sign({ detached: true });
  return forge.asn1.toDer(p7.toAsn1()).getBytes();
}
