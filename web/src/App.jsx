import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import Layout from './components/Layout.jsx';
import HomePage from './pages/HomePage.jsx';
import ChannelPage from './pages/ChannelPage.jsx';
import MyRoomPage from './pages/MyRoomPage.jsx';
import AuthPage from './pages/AuthPage.jsx';
import NotFoundPage from './pages/NotFoundPage.jsx';

// The player (hls.js) is most of the code: load it only when a room is opened.
const RoomPage = lazy(() => import('./pages/RoomPage.jsx'));
const loading = <p role="status">Loading…</p>;

export default function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<HomePage />} />
        <Route path="signin" element={<AuthPage key="sign-in" mode="sign-in" />} />
        <Route path="signup" element={<AuthPage key="sign-up" mode="sign-up" />} />
        <Route path="c/:channelId" element={<ChannelPage />} />
        <Route path="r/:roomId" element={<Suspense fallback={loading}><RoomPage /></Suspense>} />
        <Route path="me/room" element={<MyRoomPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
