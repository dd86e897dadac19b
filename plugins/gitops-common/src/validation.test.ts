import {
  isDigest,
  isFolderName,
  isImageRepository,
  shortDigest,
} from './validation';

describe('validation', () => {
  const digest = `sha256:${'ab'.repeat(32)}`;

  it('accepts only sha256 digests of 64 lowercase hex', () => {
    expect(isDigest(digest)).toBe(true);
    expect(isDigest(digest.toUpperCase())).toBe(false);
    expect(isDigest(`sha256:${'a'.repeat(63)}`)).toBe(false);
    expect(isDigest(`sha512:${'a'.repeat(64)}`)).toBe(false);
    expect(isDigest(42)).toBe(false);
  });

  it('accepts only plain folder names', () => {
    expect(isFolderName('gateway')).toBe(true);
    expect(isFolderName('web-2')).toBe(true);
    for (const bad of ['', '..', '../x', 'a/b', '/abs', 'a..b', '-x', 'X']) {
      expect(isFolderName(bad)).toBe(false);
    }
  });

  it('accepts image repositories as docker pull does, without tag or digest', () => {
    for (const good of [
      'gateway',
      'acme/gateway',
      'ghcr.io/acme/gateway',
      'registry.local:5000/acme/gateway',
      'Registry.Example.com/acme/my__app',
      'acme/web--2.x',
    ]) {
      expect(isImageRepository(good)).toBe(true);
    }
    for (const bad of [
      '',
      'acme/Gateway',
      'acme/gateway:1.0',
      `acme/gateway@sha256:${'a'.repeat(64)}`,
      'acme//gateway',
      '/acme/gateway',
      'acme/gateway/',
      'acme/-gateway',
      'acme/gate___way',
      42,
    ]) {
      expect(isImageRepository(bad)).toBe(false);
    }
  });

  it('shortens a digest to 12 hex characters', () => {
    expect(shortDigest(digest)).toBe('abababababab');
  });
});
