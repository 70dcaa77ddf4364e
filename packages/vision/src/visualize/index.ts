export { imageGrid, filterGrid, featureMapGrid, type ImageGridOptions, type FilterGridOptions } from './image-grid.js';
