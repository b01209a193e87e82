import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import Layout from './components/Layout.jsx';
import HomePage from './pages/HomePage.jsx';
import ChannelPage from './pages/ChannelPage.jsx';
import AuthPage from './pages/AuthPage.jsx';
import NotFoundPage from './pages/NotFoundPage.jsx';

// Pages most visitors never open load when opened: the room page (its player
// then loads hls.js only for a live room) and the host's own room page.
const RoomPage = lazy(() => import('./pages/RoomPage.jsx'));
const MyRoomPage = lazy(() => import('./pages/MyRoomPage.jsx'));
const RecordingPage = lazy(() => import('./pages/RecordingPage.jsx'));
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
        <Route path="r/:roomId/recordings/:recordingId" element={<Suspense fallback={loading}><RecordingPage /></Suspense>} />
        <Route path="me/room" element={<Suspense fallback={loading}><MyRoomPage /></Suspense>} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
