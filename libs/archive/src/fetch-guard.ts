import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { type BinaryProblemKind } from '@hoso/contracts';
import ipaddr from 'ipaddr.js';
import { Agent, fetch, type Response } from 'undici';

/** A bearer token, or a client certificate (PEM texts), that one document store wants. */
export interface HostCredentials {
  bearer?: string;
  cert?: string;
  key?: string;
  ca?: string;
}

/**
 * Where the bridge may fetch a partner's binary from. Closed by default: no host until `hosts` names the
 * document stores, and only public addresses unless `allowNetworks` admits an intranet range.
 */
export interface FetchPolicy {
  /** host or host:port (SIP_FETCH_HOSTS); empty: none. */
  hosts: readonly string[];
  /** CIDR ranges that may be reached though they are not public (SIP_FETCH_ALLOW_NETWORKS). */
  allowNetworks: readonly string[];
  /** By host or host:port (SIP_FETCH_CREDENTIALS). */
  credentials: Readonly<Record<string, HostCredentials>>;
}

/** A fetch the policy does not allow, or a fault of the store, with the kind a reader acts on. */
export class Refused extends Error {
  constructor(
    readonly kind: BinaryProblemKind,
    message: string,
  ) {
    super(message);
  }
}

const MAX_REDIRECTS = 5;

/**
 * Why an address may not be reached, or undefined when it may: only public unicast addresses, unless a
 * range of `allowNetworks` holds it (loopback, private, link-local, the cloud metadata service and the
 * like are refused by default).
 */
export function addressRefusal(address: string, allowNetworks: readonly string[]): string | undefined {
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  if (range === 'unicast') return undefined;
  const allowed = allowNetworks.some((cidr) => {
    const [network, bits] = ipaddr.parseCIDR(cidr);
    return network.kind() === parsed.kind() && parsed.match(network, bits);
  });
  return allowed
    ? undefined
    : `address ${parsed.toString()} (${range}) is not public, and SIP_FETCH_ALLOW_NETWORKS does not admit it`;
}

/**
 * Fetches partners' binaries under a policy: each hop of a redirect is held to the allowed schemes and
 * hosts, every address is checked when the connection is made (after DNS resolution, so a name cannot be
 * re-pointed between the check and the connection), and a store's credentials go to that store only.
 */
export class GuardedFetch {
  private readonly agents = new Map<string, Agent>();

  constructor(private readonly policy: FetchPolicy) {}

  /** GET, following redirects itself; refuses before connecting what the policy does not allow. */
  async get(uri: string, signal: AbortSignal): Promise<Response> {
    let url = this.allowed(new URL(uri));
    for (let hop = 0; ; hop++) {
      const response = await fetch(url, {
        redirect: 'manual',
        signal,
        dispatcher: this.agentFor(url),
        headers: this.headersFor(url),
      }).catch((error: unknown) => {
        // A refused address surfaces as fetch's own error, with ours as its cause.
        const cause = (error as { cause?: unknown }).cause;
        throw cause instanceof Refused ? cause : error;
      });
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return response;
      await response.body?.cancel();
      if (hop === MAX_REDIRECTS) throw new Refused('http-error', `more than ${MAX_REDIRECTS} redirects`);
      url = this.allowed(new URL(location, url));
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.agents.values()].map((agent) => agent.close()));
    this.agents.clear();
  }

  private allowed(url: URL): URL {
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new Refused('not-allowed', `only http and https URIs are fetched, not ${url.protocol}`);
    if (this.policy.hosts.length === 0)
      throw new Refused(
        'not-allowed',
        'SIP_FETCH_HOSTS is not set: the bridge fetches binaries from no host until it names the document stores',
      );
    if (!this.policy.hosts.includes(url.host) && !this.policy.hosts.includes(url.hostname))
      throw new Refused('not-allowed', `host ${url.host} is not in SIP_FETCH_HOSTS`);
    // An address written in the URI is not looked up: it is checked here.
    const literal = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const refusal = isIP(literal) ? addressRefusal(literal, this.policy.allowNetworks) : undefined;
    if (refusal) throw new Refused('not-allowed', refusal);
    return url;
  }

  private credentialsFor(url: URL): HostCredentials | undefined {
    return this.policy.credentials[url.host] ?? this.policy.credentials[url.hostname];
  }

  private headersFor(url: URL): Record<string, string> {
    const bearer = this.credentialsFor(url)?.bearer;
    return bearer ? { authorization: `Bearer ${bearer}` } : {};
  }

  /** A connection pool per host with credentials (its client certificate), and one for the others. */
  private agentFor(url: URL): Agent {
    const credentials = this.credentialsFor(url);
    const key = credentials?.cert ? url.host : '';
    let agent = this.agents.get(key);
    if (!agent) {
      const tls = credentials?.cert
        ? { cert: credentials.cert, key: credentials.key, ca: credentials.ca }
        : {};
      agent = new Agent({ connect: { ...tls, lookup: this.lookup } });
      this.agents.set(key, agent);
    }
    return agent;
  }

  /** DNS resolution that refuses a name any of whose addresses the policy does not allow. */
  private readonly lookup = ((hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refusal = addresses
        .map((a) => addressRefusal(a.address, this.policy.allowNetworks))
        .find((r) => r !== undefined);
      if (refusal) return callback(new Refused('not-allowed', `${hostname}: ${refusal}`), '', 0);
      if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  }) as LookupFunction;
}
