// A connection's resolved security as kafkajs settings: the ssl object handed to tls.connect and the sasl block.
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import type { ClientSecurity } from './kafkaPort';

const mechanisms = {
  PLAIN: 'plain',
  'SCRAM-SHA-256': 'scram-sha-256',
  'SCRAM-SHA-512': 'scram-sha-512',
} as const;

function saslOptions(sasl: NonNullable<ClientSecurity['sasl']>): SASLOptions {
  if (sasl.mechanism === 'OAUTHBEARER') {
    const { token } = sasl;
    // kafkajs asks on every (re)authentication; the token source answers from its cache until near expiry.
    return { mechanism: 'oauthbearer', oauthBearerProvider: async () => ({ value: (await token()).value }) };
  }
  return {
    mechanism: mechanisms[sasl.mechanism],
    username: sasl.username,
    password: sasl.password,
  } as SASLOptions;
}

export function kafkajsSecurityConfig(
  security: ClientSecurity | undefined,
): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  if (!security) return {};
  const { tls, sasl } = security;
  return {
    ...(tls
      ? {
          ssl: {
            rejectUnauthorized: true,
            ...(tls.ca ? { ca: [tls.ca] } : {}),
            ...(tls.cert ? { cert: tls.cert } : {}),
            ...(tls.key ? { key: tls.key } : {}),
            ...(tls.passphrase ? { passphrase: tls.passphrase } : {}),
            // The chain is still checked against the CA; only the name in the certificate is not compared.
            ...(tls.verifyHostname ? {} : { checkServerIdentity: () => undefined }),
          },
        }
      : {}),
    ...(sasl ? { sasl: saslOptions(sasl) } : {}),
  };
}
