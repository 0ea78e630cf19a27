import type { OutMessage } from '../../core/messages/message.js';
import type { MatrixApi } from './matrix-api.js';
import type { DirectRooms } from './direct-rooms.js';
import type { RoomEvent } from './matrix-events.js';
import type { MatrixRoomSender } from './matrix-room-sender.js';

/**
 * Where the bot's answers go. Answers are replies (`m.in_reply_to`) to the
 * message that asked, in the same room, mentioning the asker when meant for
 * them; answers that must stay private (link codes, your own ballot, notices
 * about your poll answers) go to a direct-message room with the person.
 */
export class Replies {
  constructor(
    private readonly api: MatrixApi,
    private readonly sender: MatrixRoomSender,
    private readonly dms: DirectRooms,
    /** Whether a room is bound to an assembly: such a room is never private, however few are in it yet. */
    private readonly isBound: (roomId: string) => Promise<boolean>,
  ) {}

  async inRoom(to: RoomEvent, message: OutMessage, key: string, helpListing = false): Promise<void> {
    await this.sender.post(to.roomId, message, key, {
      inReplyTo: to.eventId,
      ...(message.visibility === 'personal' ? { mention: to.sender } : {}),
      helpListing,
    });
  }

  /** A message of the bot's own in a room (not a reply). */
  async say(roomId: string, message: OutMessage, key: string): Promise<void> {
    await this.sender.post(roomId, message, key);
  }

  /** Sends to the person's DM room (created when needed); returns that room. */
  async privately(userId: string, message: OutMessage, key: string, inReplyTo?: RoomEvent): Promise<string> {
    const roomId = await this.dms.roomFor(userId);
    await this.sender.post(roomId, message, key, inReplyTo?.roomId === roomId ? { inReplyTo: inReplyTo.eventId } : {});
    return roomId;
  }

  /**
   * A room only the bot and one person share: a DM, whether or not it is
   * marked as one. An assembly's room is not private even with two people in
   * it: others join later and read its history.
   */
  async isPrivateRoom(roomId: string): Promise<boolean> {
    if (await this.dms.isDirect(roomId)) return true;
    if (await this.isBound(roomId)) return false;
    return (await this.api.joinedMembers(roomId)).length <= 2;
  }
}
