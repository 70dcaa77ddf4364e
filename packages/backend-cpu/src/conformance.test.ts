// The conformance suite on both embedded backends: wasm against the cpu reference, and cpu against
// itself (finite differences and leak checks are what judge it there). No skips.
import { runConformanceSuite } from '@sinew/backend/testing';
import './register.js';

runConformanceSuite({ backend: 'wasm', reference: 'cpu' });
runConformanceSuite({ backend: 'cpu', reference: 'cpu' });
