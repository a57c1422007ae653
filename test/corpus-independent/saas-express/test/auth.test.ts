import { describe, it, expect, vi } from "vitest";
import express from "express";
import request from "supertest";

vi.mock("../src/lib/customerio", () => ({
  identifyUser: vi.fn().mockResolvedValue(undefined),
  trackSignup: vi.fn().mockResolvedValue(undefined),
  trackLogin: vi.fn().mockResolvedValue(undefined),
  trackEvent: vi.fn().mockResolvedValue(undefined),
}));

import { authRouter } from "../src/routes/auth";

describe("POST /auth/signup", () => {
  it("creates a user", async () => {
    const app = express().use(express.json()).use("/auth", authRouter);
    const res = await request(app).post("/auth/signup").send({ email: "a@example.com", name: "A" });
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(/^usr_/);
  });
});
