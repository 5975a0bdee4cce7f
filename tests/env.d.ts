// Lets tests import data files as text, e.g. `../../data/toy.csv?raw`.
declare module "*?raw" {
  const text: string;
  export default text;
}
