/** The small part of ConvNetJS 0.3 (plain JavaScript, no types of its own) that bench/peer_workloads.ts uses. */
declare module "convnetjs" {
  export class Vol {
    constructor(sx: number, sy: number, depth: number, c?: number);
    sx: number;
    sy: number;
    depth: number;
    /** Values, (x, y, depth) with depth fastest; a Float64Array. */
    w: Float64Array;
    dw: Float64Array;
  }
  export interface LayerDef {
    type: string;
    [option: string]: unknown;
  }
  export interface Layer {
    layer_type: string;
    filters?: Vol[];
    biases?: Vol;
    out_act: Vol;
    forward(V: Vol, isTraining?: boolean): Vol;
    backward(): void;
  }
  export class Net {
    layers: Layer[];
    makeLayers(defs: LayerDef[]): void;
    forward(V: Vol, isTraining?: boolean): Vol;
    backward(y: number): number;
    getPrediction(): number;
  }
  export class Trainer {
    constructor(net: Net, options: Record<string, unknown>);
    batch_size: number;
    k: number;
    train(x: Vol, y: number): { loss: number; cost_loss: number };
  }
  export class ConvLayer implements Layer {
    constructor(opt: Record<string, unknown>);
    layer_type: string;
    filters: Vol[];
    biases: Vol;
    out_act: Vol;
    forward(V: Vol, isTraining?: boolean): Vol;
    backward(): void;
  }
}
