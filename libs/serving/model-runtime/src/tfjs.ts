// Secondary entry: tfjs-backed parts (tfjs is a peer dependency).
export {};
