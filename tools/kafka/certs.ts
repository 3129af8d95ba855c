// Throwaway TLS material for the secured test broker, made with openssl at test time in a temporary folder:
// a CA, the broker's certificate (for localhost only), a client certificate per user for mTLS, and a rogue CA
// with its own client certificate that the broker must refuse. Nothing here is ever committed.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CertificateFiles {
  /** PEM certificate of the test CA: what a client must trust. */
  caFile: string;
  /** The broker's key and certificate chain in one PEM file (Kafka's PEM keystore format). */
  brokerKeystore: string;
  /** Client certificates (PEM) and their keys (PKCS#8 PEM), by common name; signed by the test CA. */
  clients: Record<string, { certFile: string; keyFile: string }>;
  /** A CA the broker does not know, and a client certificate it signed (CN=mallory): refused on mTLS. */
  rogueCaFile: string;
  rogueClient: { certFile: string; keyFile: string };
  /** The one host name in the broker's certificate: connecting by IP address is a hostname mismatch. */
  hostname: string;
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run('openssl', args);
  } catch (error) {
    // Key generation prints progress dots on stderr; only the lines with words say what went wrong.
    const stderr = ((error as { stderr?: string }).stderr ?? '')
      .split('\n')
      .filter((line) => /[a-z]/i.test(line))
      .join('\n');
    throw new Error(`openssl ${args[0]} failed: ${stderr || (error as Error).message}`, { cause: error });
  }
}

async function selfSignedCa(dir: string, name: string, subject: string) {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.pem`);
  await openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '2',
    '-subj',
    subject,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return { key, cert };
}

/** A key and a certificate for `cn` signed by `ca`, with the given X.509 v3 extensions. */
async function issue(
  dir: string,
  name: string,
  cn: string,
  ca: { key: string; cert: string },
  extensions: string[],
) {
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const cert = join(dir, `${name}.pem`);
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, extensions.join('\n') + '\n');
  await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', `/CN=${cn}`]);
  await openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    ca.cert,
    '-CAkey',
    ca.key,
    '-CAcreateserial',
    '-out',
    cert,
    '-days',
    '2',
    '-extfile',
    ext,
  ]);
  return { key, cert };
}

const clientExtensions = [
  'basicConstraints=CA:FALSE',
  'keyUsage=digitalSignature',
  'extendedKeyUsage=clientAuth',
];

export async function createTestCertificates(dir: string, clientNames: string[]): Promise<CertificateFiles> {
  const hostname = 'localhost';
  mkdirSync(dir, { recursive: true });
  const ca = await selfSignedCa(dir, 'ca', '/CN=Eventdesk test CA');
  // The broker is a TLS client too (of its own controller listener), so the certificate serves both ends.
  const broker = await issue(dir, 'broker', 'broker', ca, [
    'basicConstraints=CA:FALSE',
    'keyUsage=digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth,clientAuth',
    `subjectAltName=DNS:${hostname}`,
  ]);
  const brokerKeystore = join(dir, 'broker-keystore.pem');
  writeFileSync(brokerKeystore, readFileSync(broker.key, 'utf8') + readFileSync(broker.cert, 'utf8'));
  const clients: CertificateFiles['clients'] = {};
  for (const cn of clientNames) {
    const issued = await issue(dir, `client-${cn}`, cn, ca, clientExtensions);
    clients[cn] = { certFile: issued.cert, keyFile: issued.key };
  }
  const rogueCa = await selfSignedCa(dir, 'rogue-ca', '/CN=Not the Eventdesk test CA');
  const rogue = await issue(dir, 'client-mallory', 'mallory', rogueCa, clientExtensions);
  return {
    caFile: ca.cert,
    brokerKeystore,
    clients,
    rogueCaFile: rogueCa.cert,
    rogueClient: { certFile: rogue.cert, keyFile: rogue.key },
    hostname,
  };
}
