import { getLayerClass, registerLayer, type Layer, type LayerClass } from '@sinew/core';

/** Registers one of this package's layer classes with core's registry, so saved models load it. */
export function registerRecurrentLayer(cls: LayerClass & (abstract new (...args: any[]) => Layer)): void {
  registerLayer(cls);
}

/** Finds a layer class by its registered name (core's built-ins, this package's, the user's). */
export function findLayerClass(className: string): LayerClass {
  return getLayerClass(className);
}
