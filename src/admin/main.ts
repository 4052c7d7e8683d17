/** The console's script (`/admin/app.js`, its own Vite build): the `carstrel-admin` app and its views. */
import './carstrel-admin.js';
