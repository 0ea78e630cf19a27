import type { enAdapters } from './catalogue.en.adapters.js';

/**
 * Spanish of what a platform adapter says itself (`adapter.…`), spread into
 * `es` (catalogue.es.ts). `satisfies` holds it to exactly the English ids.
 */
export const esAdapters = {
  'adapter.internalError.title': 'Algo ha fallado',
  'adapter.internalError.body': 'Plenary tuvo un error interno y no cambió nada que no pudiera terminar. Dale este identificador a quien administra el bot: {id}',
  'adapter.internalError.short': 'Plenary tuvo un error interno. Dale este identificador a quien administra el bot: {id}',
  'adapter.unanswered.body': 'Plenary no pudo responder a esto. Dale este identificador a quien administra el bot: {id}',
  'adapter.discord.notHere.title': 'Aquí no',
  'adapter.discord.notHere.body': 'Plenary funciona en los canales y los hilos de un servidor.',
  'adapter.discord.staleButton.title': 'Este botón está desactualizado',
  'adapter.discord.staleButton.body': 'Viene de una versión anterior de Plenary. Usa el anuncio más reciente, o escribe /vote <moción> <opción>.',
  'adapter.discord.publicThread.title': 'No en un hilo público',
  'adapter.discord.publicThread.body':
    'Esta sala es un hilo público: quien ve su canal puede leerlo y unirse, así que Plenary no puede reservarlo a los delegados ni cerrárselo a uno revocado. Celebra la asamblea de delegados en un canal (acceso por rol) o en un hilo privado (acceso por pertenencia al hilo; Plenary necesita allí Gestionar hilos para sacar a los delegados revocados).',
  'adapter.discord.editResubmit': 'Editar y reenviar',
  'adapter.discord.missingPermissions.title': 'A Plenary le faltan permisos aquí',
  'adapter.discord.missingPermissions.body': 'Una persona administradora del servidor debería dar al rol de Plenary estos permisos en este canal:\n{lines}',
  'adapter.discord.permissionCheckFailed.title': 'No se pudieron comprobar los permisos',
  'adapter.discord.permissionCheckFailed.body': 'Plenary no pudo leer sus propios permisos aquí (id {id}). Los anuncios pueden fallar hasta que una persona administradora del servidor revise su rol.',
  'adapter.discord.notRoomAdmin.body':
    'Solo quien administra esta sala puede ejecutar `/{path}`: en Discord eso requiere Gestionar servidor, o Gestionar canales en este canal, y aquí no tienes ninguno. Pide a una persona administradora del servidor que lo ejecute, o que te dé uno de ellos.',
  'adapter.discord.motionNotFound.title': 'Moción no encontrada',
  'adapter.discord.motionNotFound.body': 'Esa moción ya no existe.',
  'adapter.discord.badRanking.title': 'Esa clasificación no es válida',
  'adapter.discord.badRanking.body': 'Vuelve a empezar.',
  'adapter.discord.motionState.title':
    'La moción n.º {number} está {status, select, proposed {propuesta} open {abierta} passed {aprobada} failed {rechazada} withdrawn {retirada} expired {caducada} other {sustituida}}',
  'adapter.discord.closed.noChange': 'La votación se ha cerrado; las papeletas ya no pueden cambiar.',
  'adapter.discord.closed.body': 'La votación se ha cerrado.',
  'adapter.discord.changeVote.title': 'Cambia tu voto en la moción n.º {number}',
  'adapter.discord.changeVote.body': '{title}\n\nTu nueva papeleta sustituye a la anterior.',
  'adapter.discord.rank.title': 'Ordena las opciones de la moción n.º {number}',
  'adapter.discord.rank.soFar': 'Tu orden hasta ahora:\n{lines}',
  'adapter.discord.rank.first': 'Elige tu primera opción, luego la siguiente. Ordena tantas como quieras: las que dejes fuera cuentan como las menos preferidas.',
  'adapter.discord.rank.everyRanked': 'Todas las opciones están ordenadas: envía tu papeleta.',
  'adapter.discord.rank.typed': 'También puedes escribir /vote {number} 2>1>3',
  'adapter.discord.rank.placeholder': 'Tu {n, selectordinal, other {#.ª}} opción{range}…',
  'adapter.discord.rank.range': ' (opciones {from}–{to})',
  'adapter.discord.rank.line': '{n, selectordinal, other {#.ª}}: {option}',
  'adapter.discord.button.myBallot': 'Mi papeleta',
  'adapter.discord.button.rank': 'Ordenar las opciones',
  'adapter.discord.button.changeVote': 'Cambiar mi voto',
  'adapter.discord.button.choice': '{choice, select, yes {Sí} no {No} other {Abstención}}',
  'adapter.discord.button.submit': '{n, plural, =0 {Enviar} other {Enviar estas #}}',
  'adapter.discord.button.startOver': 'Volver a empezar',
  'adapter.discord.approvePlaceholder': 'Elige cada opción que apruebas…',
  'adapter.discord.tally.secret': 'Papeletas hasta ahora (voto secreto: recuento al cierre)',
  'adapter.discord.tally.title': '{what, select, ranked {Recuento en vivo (primeras preferencias)} approval {Recuento en vivo (aprobaciones)} other {Recuento en vivo}}',
  'adapter.discord.tally.cast': '{n, plural, one {# papeleta emitida} other {# papeletas emitidas}}',
  'adapter.discord.tally.yesNo': 'Sí {yes} · No {no} · Abstención {abstain} — {cast}',
  'adapter.discord.closedFooter': 'La votación se ha cerrado: el resultado está publicado abajo.',
  'adapter.matrix.unreadable.title': 'No pude leer tu mensaje',
  'adapter.matrix.unreadable.body': 'No pude leer tu mensaje: {why}',
  'adapter.matrix.unreadable.unknown': 'no se pudo descifrar.',
  'adapter.matrix.encrypted.title': 'No puedo leer mensajes cifrados',
  'adapter.matrix.encrypted.body':
    '{direct, select, yes {Esta sala está cifrada de extremo a extremo y Plenary no puede leerla. He abierto contigo un chat directo sin cifrado: envía allí tus comandos y tus votos secretos.} other {Esta sala está cifrada de extremo a extremo y Plenary no puede leer aquí comandos ni respuestas a encuestas. Usa una sala sin cifrado para la asamblea (el cifrado no se puede desactivar una vez activado).}}',
  'adapter.matrix.directChat.title': 'Un chat directo que Plenary puede leer',
  'adapter.matrix.directChat.body': 'Envía aquí tus comandos, p. ej. `help`, o un voto secreto: `vote "Asamblea#12" yes`.',
  'adapter.matrix.lacksPermissions.title': 'Al bot le faltan permisos en esta sala',
  'adapter.matrix.lacksPermissions.body':
    'Para publicar, invitar a delegados y aplicar aquí las decisiones de la asamblea, una persona administradora de la sala debería subir el nivel de poder del bot (Ajustes de la sala → Roles y permisos). Falta:\n{missing}',
  'adapter.matrix.poll.notCounted': 'Tu respuesta a la encuesta no se contó',
  'adapter.matrix.poll.closed': 'La votación se ha cerrado',
  'adapter.matrix.poll.failed':
    'Puede que tu respuesta a la encuesta de la moción n.º {number} no se haya contado; vota de nuevo o usa `vote {number} …`. Si sigue fallando, dale este identificador a quien administra el bot: {id}',
  'adapter.matrix.poll.notAnOption': 'Esa respuesta a la encuesta no es una de las opciones de la moción n.º {number}, así que no se contó.',
  'adapter.matrix.poll.empty': 'Una respuesta vacía a la encuesta no retira una papeleta: tu papeleta actual en la moción n.º {number} sigue contando. Elige otra respuesta para cambiarla.',
  'adapter.matrix.poll.question': 'Moción n.º {number}: {title}',
  'adapter.matrix.poll.ended': 'La encuesta ha terminado. Resultado oficial (el recuento de Plenary): {result}',
  'adapter.matrix.howToVote.secret':
    'Voto secreto: un voto en esta sala mostraría quién votó qué, así que vota en un mensaje directo a mí ({bot}): `vote {ref} {example}`. Los miembros solo ven el recuento, nunca tu papeleta (quien administra la base de datos de este bot podría leerla).',
  'adapter.matrix.howToVote.poll':
    '{approval, select, yes {Marca en la encuesta de abajo cada opción que apruebas} other {Responde a la encuesta de abajo}} (puedes cambiar tu respuesta hasta que la moción se cierre), o escribe `vote {number} {example}`. Solo cuentan las respuestas de los miembros; el resultado oficial es el recuento del bot.',
  'adapter.matrix.howToVote.ranked': 'Ordena las opciones, la mejor primero: `vote {number} {example}` (por número o por nombre). Las encuestas de Matrix no pueden ordenar, así que esta moción no tiene encuesta.',
  'adapter.matrix.howToVote.typed': 'Vota con `vote {number} {example}`.',
  'adapter.matrix.discussion.title': 'Debate: {title}',
  'adapter.matrix.discussion.body': 'Debatid esta moción aquí, en su hilo; votad como indica el anuncio.',
  'adapter.matrix.declineInvite': 'Plenary solo acepta invitaciones de las personas que su operador permite (MATRIX_AUTOJOIN). Pide a quien administra este bot que te permita a ti o a esta sala.',
} satisfies { readonly [K in keyof typeof enAdapters]: string };
