/** The fake Mixpanel for tests: fixture organization, wire-shaped bodies, and the loopback server. */
export * from './bodies.js';
export * from './coverage-org.js';
export * from './fixture.js';
export * from './server.js';
