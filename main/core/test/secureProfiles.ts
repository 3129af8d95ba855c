// Connection profiles for the secured test broker, and a dispatcher that keeps every channel output so a
// test can prove no secret ever left main.
import type { ConnectionProfileInput } from '../../../shared/access';
import type { Channel, ChannelInput, Handlers } from '../../../shared/contract';
import type { Result } from '../../../shared/failure';
import type { SecureBrokerInfo, SecureRole } from '../../../tools/kafka/secureBroker';
import { dispatch } from '../dispatch';

/** A SASL_SSL profile trusting the test CA, for one of the broker's users. */
export function saslSslProfile(
  broker: SecureBrokerInfo,
  role: SecureRole,
  overrides: Partial<ConnectionProfileInput> = {},
): ConnectionProfileInput {
  const user = broker.users[role];
  return {
    name: `${role}-scram512`,
    bootstrap: broker.saslSsl,
    protocol: 'SASL_SSL',
    mechanism: 'SCRAM-SHA-512',
    username: user.username,
    password: { from: 'value', value: user.password },
    caFile: broker.certs.caFile,
    ...overrides,
  };
}

/** An SSL profile presenting the test CA's client certificate of `cn` (mTLS). */
export function mtlsProfile(
  broker: SecureBrokerInfo,
  cn: string,
  overrides: Partial<ConnectionProfileInput> = {},
): ConnectionProfileInput {
  const client = broker.certs.clients[cn];
  if (!client) throw new Error(`the test broker has no client certificate for ${cn}`);
  return {
    name: `${cn}-mtls`,
    bootstrap: broker.mtls,
    protocol: 'SSL',
    caFile: broker.certs.caFile,
    certFile: client.certFile,
    keyFile: client.keyFile,
    ...overrides,
  };
}

export interface RecordingDispatch {
  call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<unknown>>;
  /** Every result so far, as the transports would send it (JSON). */
  outputs: Array<{ channel: Channel; json: string }>;
}

export function recordingDispatch(handlers: () => Handlers): RecordingDispatch {
  const outputs: RecordingDispatch['outputs'] = [];
  return {
    outputs,
    async call(channel, input) {
      const result = await dispatch(handlers(), channel, input);
      outputs.push({ channel, json: JSON.stringify(result) });
      return result;
    },
  };
}
