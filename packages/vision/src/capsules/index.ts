export { squash } from './squash.js';
export {
  PrimaryCaps, CapsuleLayer, CapsuleLength, CapsuleMask, primaryCaps, capsuleLayer, capsuleLength, capsuleMask,
  type PrimaryCapsArgs, type CapsuleLayerArgs,
} from './capsule-layers.js';
export { marginLoss, type MarginLossOptions } from './margin-loss.js';
export { capsNet, capsuleDecoder, type CapsNet, type CapsNetArgs, type CapsuleDecoderArgs } from './caps-net.js';
