const { Router } = require('express');
const users = require('../controllers/users');
const orders = require('../controllers/orders');
const admin = require('../controllers/admin');

const router = Router();

function requireAdmin(req, res, next) {
  if (!req.session.user || req.session.user.role !== 'admin') {
    return res.sendStatus(403);
  }
  req.user = req.session.user;
  return next();
}

function requireUser(req, res, next) {
  if (!req.session.user) return res.sendStatus(401);
  req.user = req.session.user;
  return next();
}

router.post('/signup', users.signup);
router.post('/login', users.login);
router.patch('/users/:id', requireUser, users.updateProfile);
router.delete('/users/:id', requireUser, users.remove);

router.get('/products/:sku', requireUser, orders.viewProduct);
router.post('/checkout', requireUser, orders.checkout);
router.post('/cart/share', requireUser, orders.shareCart);
router.post('/orders/:id/refund', requireUser, orders.refund);

router.post('/admin/welcome/resend', requireAdmin, admin.resendWelcome);
router.post('/admin/segments/:segment/tag', requireAdmin, admin.tagSegment);
router.post('/admin/broadcasts/:id', requireAdmin, admin.startBroadcast);

module.exports = router;
