/** The activation layers: elementwise h = g(a), and softmax and log-softmax over the classes of each row. */
export { ElementwiseActivation } from "./elementwise";
export { Identity } from "./identity";
export { Sigmoid } from "./sigmoid";
export { Tanh } from "./tanh";
export { ReLU } from "./relu";
export { LeakyReLU } from "./leaky_relu";
export type { LeakyReLUOptions } from "./leaky_relu";
export { Softplus } from "./softplus";
export { Softmax } from "./softmax";
export { LogSoftmax } from "./log_softmax";
