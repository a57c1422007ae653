import { Router } from 'express';
import { asyncHandler, cio, identifyUser, trackEvent, toUnix } from '@lib/index';
import { db } from '../services/db';

export const authRouter = Router();

authRouter.post('/signup', asyncHandler(async (req, res) => {
  const [user] = await db.query('insert into users(email) values ($1) returning *', [req.body.email]);
  await identifyUser(user.id, {
    email: user.email,
    created_at: Date.now(),
  });
  trackEvent(user.id, 'signed_up', { plan: 'free' }).catch(() => undefined);
  res.status(201).json(user);
}));

authRouter.post('/login', asyncHandler(async (req, res) => {
  const [user] = await db.query('select * from users where email = $1', [req.body.email]);
  trackEvent(user.id, 'logged_in', { last_login_at: toUnix(new Date()) }).catch((err) => console.warn(err));
  res.json({ id: user.id });
}));

authRouter.post('/password-reset', asyncHandler(async (req, res) => {
  const [user] = await db.query('select * from users where email = $1', [req.body.email]);
  res.status(202).end();
  void trackEvent(user.id, `password_reset_${user.email}`);
}));


authRouter.post('/invites/accept', asyncHandler(async (req, res) => {
  const [member] = await db.query('insert into members(team_id, email) values ($1, $2) returning *', [req.body.teamId, req.body.email]);
  res.json(member);
  cio.track(member.id, { name: 'invite_accepted', data: { team_id: member.team_id } }).catch(() => undefined);
  cio.identify(member.id, { email: member.email, team_id: member.team_id, created_at: toUnix(new Date()) }).catch(() => undefined);
}));
