import { EVENTS } from "../analytics";
import { store } from "../models/store";

export const Query = {
  async posts() {
    return store.posts();
  },
  eventNames() {
    return Object.values(EVENTS);
  },
};
