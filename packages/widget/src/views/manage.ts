// The connections' views, which the picker imports the first time they are opened: a chunk of
// their own in both builds.
export { DetailView } from './detail.ts';
export { ListView } from './list.ts';
