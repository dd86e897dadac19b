import { createHash } from 'node:crypto';

/** Hex SHA-256 of a string. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A realistic, deterministic image digest for a label such as `ghcr.io/acme/gateway:1.2.0`:
 * `sha256:` followed by 64 hex digits.
 */
export function digestOf(label: string): string {
  return `sha256:${sha256Hex(label)}`;
}

const POD_HASH_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * A Kubernetes-style short hash (pod-template-hash, pod name suffix) derived from a seed,
 * drawn from the alphabet Kubernetes uses for generated names.
 */
export function shortHash(seed: string, length = 10): string {
  const bytes = createHash('sha256').update(seed).digest();
  let out = '';
  for (let i = 0; i < length; i++) {
    out += POD_HASH_ALPHABET[bytes[i] % POD_HASH_ALPHABET.length];
  }
  return out;
}

/** A deterministic RFC 4122-shaped UID for a Kubernetes object. */
export function uidOf(seed: string): string {
  const h = sha256Hex(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(
    17,
    20,
  )}-${h.slice(20, 32)}`;
}
