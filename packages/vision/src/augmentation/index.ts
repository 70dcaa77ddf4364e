export { BaseAugmentation, type AugmentationArgs } from './base-augmentation.js';
export { affineTransform, rotationMap, translationMap, zoomMap, type AffineOptions, type FillMode } from './affine.js';
export {
  RandomFlip, RandomRotation, RandomTranslation, RandomZoom, randomFlip, randomRotation, randomTranslation, randomZoom,
  type RandomFlipArgs, type RandomRotationArgs, type RandomTranslationArgs, type RandomZoomArgs,
} from './random-geometric.js';
export {
  RandomBrightness, RandomContrast, RandomCrop, randomBrightness, randomContrast, randomCrop,
  type RandomBrightnessArgs, type RandomContrastArgs, type RandomCropArgs,
} from './random-photometric.js';
