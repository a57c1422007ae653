import axios from "axios";

export const trackApi = axios.create({
  baseURL: "https://track-eu.customer.io/api/v1",
  auth: { username: process.env.CUSTOMERIO_SITE_ID!, password: process.env.CUSTOMERIO_TRACK_API_KEY! },
  timeout: 5000,
});

export const github = axios.create({ baseURL: "https://api.github.com" });

export function putCustomer(id: string, attributes: Record<string, unknown>) {
  return trackApi.put(`/customers/${encodeURIComponent(id)}`, attributes);
}

export function postEvent(id: string, name: string, data: Record<string, unknown> = {}) {
  return trackApi.post(`/customers/${encodeURIComponent(id)}/events`, { name, data });
}
