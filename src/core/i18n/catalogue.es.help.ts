import type { enHelp } from './catalogue.en.help.js';

/**
 * Spanish help of the command table: every id of `catalogue.en.help.ts`
 * (a missing one is a type error). Command names, option names and the
 * values members type (`approval`, `--kind exclusion`) stay as they are typed.
 */
export const esHelp = {
  'help.hint.list': ' (separados por comas)',
  'help.hint.long': ' (omítelo para escribirlo en un formulario)',
  'help.hint.form': ' (o en el formulario)',

  'help.choice.yes': 'sí',
  'help.choice.no': 'no',
  'help.choice.abstain': 'abstención',
  'help.choice.open': 'abiertas',
  'help.choice.closed': 'cerradas',
  'help.choice.all': 'todas',
  'help.choice.active': 'activos',
  'help.choice.pending': 'pendientes',
  'help.choice.excluded': 'excluidos',
  'help.choice.facilitator': 'persona facilitadora',
  'help.choice.member': 'miembro',
  'help.choice.on': 'activados',
  'help.choice.off': 'desactivados',
  'help.choice.accept': 'aceptar',
  'help.choice.reject': 'rechazar',
  'help.choice.amend': 'pedir enmienda',

  'help.arg.body': 'el texto completo',
  'help.arg.candidates': 'una lista corta de candidaturas aceptadas (nombres, separados por comas)',
  'help.arg.committee': 'la comisión',
  'help.arg.federation': 'la federación',
  'help.arg.hours': 'plazo de votación en horas',
  'help.arg.motion': 'el número de la moción, p. ej. 12',
  'help.arg.proposal': 'la propuesta, p. ej. P-12',
  'help.arg.reason': 'por qué (lo ven los miembros)',
  'help.arg.title': 'un título de una línea',

  'help.help.summary': 'Lista las órdenes, o explica una',
  'help.help.text': 'Sin argumentos lista todas las órdenes; `help motion propose` explica una, con sus argumentos y ejemplos.',
  'help.help.arg.command': 'el nombre de una orden',

  'help.assembly.setup.summary': 'Convierte esta sala en una asamblea (o la vincula a una que facilitas)',
  'help.assembly.setup.text': 'Crea una asamblea local vinculada a esta sala y te hace su primera persona facilitadora. Con --existing, vincula esta sala a una asamblea que ya facilitas, para que se llegue a ella desde varias salas y plataformas.',
  'help.assembly.setup.examples': 'assembly setup "Inquilinas del Río"\nassembly setup "Inquilinas del Río" --existing',
  'help.assembly.setup.arg.name': 'el nombre de la asamblea',
  'help.assembly.setup.arg.existing': 'vincular a una asamblea existente',

  'help.assembly.show.summary': 'Muestra la asamblea de esta sala y sus reglas',
  'help.assembly.show.text': 'Muestra la asamblea vinculada a esta sala: miembros, admisión, declaración de valores y el quórum, el umbral y el plazo de votación por defecto de cada tipo de moción.',

  'help.assembly.policy.summary': 'Cambia un ajuste de la asamblea (personas facilitadoras)',
  'help.assembly.policy.text': 'Las personas facilitadoras gestionan los valores por defecto de la asamblea. Claves: {keys}. quorum, threshold, hours y secret van por tipo de moción (--kind). delegate-seats (asambleas de delegados): puestos por asamblea miembro, un número o "proportional <miembros por puesto> [máximo]". electorate: role:@Rol hace miembros a quienes tienen ese rol de Discord (las altas y bajas siguen al rol); commands devuelve la adhesión a las órdenes. checkpoint-hours: publicar la cabeza del registro en las salas como mucho con esta frecuencia cuando cambió (0: nunca; por defecto 24). extend-hours: cuánto puede prorrogarse en total el plazo de una moción (0: nunca; por defecto 72). reminders: horas antes del cierre de una moción para recordárselo a quien no ha votado, p. ej. 24,1 (off: ninguno). threads: on abre un hilo de debate bajo el anuncio de cada moción donde la plataforma tiene hilos. language: el idioma de las salas de la asamblea y de las respuestas personales a los miembros que no eligieron ninguno (en, es, o una variante regional como es-MX). timezone: la zona horaria IANA de las fechas de sus mensajes (Europe/Madrid, UTC). Las proporciones se escriben 1/2, >1/2 (más de la mitad), 2/3 o 10%. Los miembros pueden cambiar los mismos ajustes con una moción de reglamento.',
  'help.assembly.policy.examples': 'assembly policy admission approval\nassembly policy threshold 2/3 --kind exclusion\nassembly policy values "Igualdad y apoyo mutuo"\nassembly policy electorate role:@Miembros',
  'help.assembly.policy.arg.key': 'el ajuste',
  'help.assembly.policy.arg.value': 'su nuevo valor',
  'help.assembly.policy.arg.kind': 'el tipo de moción (para quorum, threshold, hours, secret)',

  'help.join.summary': 'Únete a la asamblea de esta sala',
  'help.join.text': 'Te une a la asamblea vinculada a esta sala. Las asambleas abiertas te admiten enseguida; las demás pasan tu solicitud a una persona facilitadora o a una moción de admisión. Si la asamblea tiene una declaración de valores, léela y añade --accept-values.',
  'help.join.arg.accept-values': 'aceptar la declaración de valores de la asamblea',

  'help.leave.summary': 'Deja esta asamblea',
  'help.leave.text': 'Termina tu membresía. Los votos que ya emitiste en mociones abiertas siguen contando; puedes volver a unirte más tarde.',

  'help.members.summary': 'Lista los miembros',
  'help.members.text': 'Lista los miembros activos (y quién espera aprobación) con su papel.',
  'help.members.arg.status': 'qué miembros',

  'help.member.approve.summary': 'Admite a una persona (personas facilitadoras)',
  'help.member.approve.text': 'Admite a una persona que pidió unirse (admisión con aprobación) o invita a una (admisión por invitación). Readmitir a una persona excluida requiere una moción de admisión.',
  'help.member.approve.arg.user': 'la persona a admitir',

  'help.member.role.summary': 'Da o quita a un miembro el papel de facilitación (personas facilitadoras)',
  'help.member.role.text': 'Las personas facilitadoras gestionan las vinculaciones de salas y los valores por defecto; no tienen más voto que el suyo como miembros. Una asamblea siempre conserva al menos una.',
  'help.member.role.arg.user': 'el miembro',
  'help.member.role.arg.role': 'facilitator (facilitadora) o member (miembro)',

  'help.link.start.summary': 'Obtén un código de un solo uso para vincular otra cuenta de chat',
  'help.link.start.text': 'Da un código válido durante 15 minutos. Ejecuta `link redeem <código>` desde tu cuenta en la otra plataforma; desde entonces ambas cuentas son una sola persona con un solo voto.',

  'help.link.redeem.summary': 'Vincula esta cuenta a la que emitió el código',
  'help.link.redeem.text': 'Une esta cuenta de chat a la persona que ejecutó `link start`, para que esa persona tenga un solo voto en todas partes.',
  'help.link.redeem.arg.code': 'el código que dio link start',

  'help.motion.propose.summary': 'Presenta una moción',
  'help.motion.propose.text': 'Presenta una moción en esta asamblea. Se abre a votación enseguida, o tras los apoyos que exija la asamblea. Tipos: resolution (una decisión que solo obliga a esta asamblea; en una asamblea local se convierte en ley), election, admission/exclusion (--person), policy (--key, --value, --for-kind); en una asamblea local también amend-law (--law, el nuevo texto en --body), repeal-law (--law), annul (una decisión de un círculo: --circle, --motion, citando --law), require-leave (un círculo sale de una federación: --circle, --federation, citando --law), committee (--name, --mandate, --law, --seats, --term-days) y committee-end (--name). Las mociones por aprobación y por orden de preferencia llevan dos o más --option. Unirse a una federación o dejarla, las revocaciones, los mandatos y los envíos tienen sus propias órdenes.',
  'help.motion.propose.examples': 'motion propose "Adoptar el turno de la nevera comunitaria" --body "…"\nmotion propose "Elegir día de reunión" --method approval --option lunes --option jueves\nmotion propose "Excluir a X" --kind exclusion --person @x\nmotion propose "Ampliar el horario de la nevera" --kind amend-law --law 2 --body "…"\nmotion propose "Anular la decisión del Huerto sobre la pintura" --kind annul --circle Huerto --motion 3 --law 1',
  'help.motion.propose.arg.kind': 'qué tipo de moción',
  'help.motion.propose.arg.method': 'cómo se emiten y cuentan los votos',
  'help.motion.propose.arg.option': 'una opción (repítelo para cada una)',
  'help.motion.propose.arg.seats': 'cuántas opciones ganan (por orden de preferencia o aprobación)',
  'help.motion.propose.arg.secret': 'votación secreta (solo recuentos)',
  'help.motion.propose.arg.person': 'la persona (admisión, exclusión)',
  'help.motion.propose.arg.key': 'el ajuste (mociones de reglamento)',
  'help.motion.propose.arg.value': 'su nuevo valor (mociones de reglamento)',
  'help.motion.propose.arg.for-kind': 'el tipo de moción al que se aplica un valor por defecto del reglamento',
  'help.motion.propose.arg.law': 'la ley (amend-law, repeal-law; la ley citada por annul, require-leave)',
  'help.motion.propose.arg.circle': 'el círculo (annul, require-leave)',
  'help.motion.propose.arg.motion': 'el número de la moción del círculo (annul)',
  'help.motion.propose.arg.federation': 'la federación que el círculo debe dejar (require-leave)',
  'help.motion.propose.arg.name': 'la comisión (committee, committee-end)',
  'help.motion.propose.arg.mandate': 'el mandato de la comisión',
  'help.motion.propose.arg.term-days': 'la duración del mandato de la comisión en días',

  'help.motion.second.summary': 'Apoya una moción',
  'help.motion.second.text': 'Respalda una moción que espera apoyos; se abre a votación cuando la han apoyado suficientes miembros. El apoyo de quien la presentó no cuenta.',

  'help.motion.withdraw.summary': 'Retira una moción que presentaste',
  'help.motion.withdraw.text': 'Retira tu propia moción antes de que se cierre. Los votos ya emitidos se conservan en el registro pero no se cuentan.',

  'help.motion.extend.summary': 'Prorroga el plazo de una moción abierta',
  'help.motion.extend.text': 'Retrasa la hora de cierre de una moción abierta en horas enteras (nunca la adelanta). Puede hacerlo quien la presentó o una persona facilitadora, hasta el extend-hours de la asamblea en total (por defecto 72; 0 lo desactiva). Cada prórroga se anuncia en las salas de la asamblea y queda registrada.',
  'help.motion.extend.examples': 'motion extend 12 24',
  'help.motion.extend.arg.hours': 'cuántas horas más tarde se cierra',

  'help.motion.show.summary': 'Muestra una moción',
  'help.motion.show.text': 'Muestra una moción con su texto, reglas, estado y, una vez cerrada, su resultado. Las mociones abiertas muestran cuántos han votado; los recuentos aparecen al cierre.',

  'help.motion.list.summary': 'Lista las mociones',
  'help.motion.list.text': 'Lista las mociones abiertas de esta asamblea (o las cerradas, o todas), las más recientes primero.',
  'help.motion.list.arg.status': 'qué mociones',

  'help.vote.summary': 'Vota una moción (o cambia tu voto)',
  'help.vote.text': 'Emite tu voto; vota de nuevo para cambiarlo hasta que la moción se cierre (cuenta el último). Mociones de sí o no: sí, no o abstención (las abstenciones solo cuentan para el quórum). Por aprobación: todas las opciones que apruebas, p. ej. 1,3. Por orden de preferencia: las opciones de mejor a peor, p. ej. 2>1>3. Las opciones, por número o por nombre.',
  'help.vote.examples': 'vote 12 sí\nvote 13 1,3\nvote 14 2>1>3',
  'help.vote.arg.choice': 'tu voto',

  'help.ballot.summary': 'Consulta tu voto actual',
  'help.ballot.text': 'Muestra el voto que emitiste en una moción (solo a ti). Nadie puede ver el voto de otra persona en una moción secreta.',

  'help.results.summary': 'Resultados de una moción cerrada',
  'help.results.text': 'Muestra el recuento, la participación, el quórum y el resultado. Con --voters, lista quién votó qué — solo en mociones de votación abierta; las votaciones secretas nunca revelan quién votó.',
  'help.results.arg.voters': 'listar el voto de cada miembro (solo votaciones abiertas)',

  'help.motion.blt.summary': 'Descarga los votos de una moción por orden de preferencia como archivo BLT',
  'help.motion.blt.text': 'Exporta los votos de una moción cerrada por orden de preferencia (una elección) en el formato BLT que leen otros programas de VUT, para que cualquiera pueda recontarla con otra herramienta. Las clasificaciones idénticas se agrupan, así que el archivo no muestra votantes ni el orden de emisión.',

  'help.motion.csv.summary': 'Descarga los resultados de una moción en CSV',
  'help.motion.csv.text': 'Envía los resultados de una moción cerrada como archivo CSV para una hoja de cálculo: una fila por opción con sus votos, la participación y el resultado. Votaciones secretas: solo los recuentos. Con --voters (solo votaciones abiertas), también un archivo con quién votó qué. Todas las mociones de la asamblea a la vez: `audit export --format csv`.',
  'help.motion.csv.examples': 'motion csv 12\nmotion csv 12 --voters',
  'help.motion.csv.arg.voters': 'también un archivo con el voto de cada miembro (solo votaciones abiertas)',

  'help.pending.summary': 'Mociones abiertas que aún esperan tu voto',
  'help.pending.text': 'Lista, solo para ti, las mociones abiertas que aún no has votado en cada asamblea de la que eres miembro (si eres delegado, también tu asamblea de delegados), primero la que cierra antes. Cada una se nombra Asamblea#número, y puedes votarla desde cualquier sitio.',

  'help.remind.summary': 'Recordatorios para votar por mensaje directo, activados o no',
  'help.remind.text': 'Con `on`, el bot te envía un mensaje directo a esta cuenta antes de que se cierre una moción de tus asambleas que no hayas votado, en los momentos que fija cada asamblea (`assembly policy reminders`, p. ej. 24,1 horas antes). Nadie más sabe si votaste. `off` los detiene.',
  'help.remind.examples': 'remind on\nremind off',
  'help.remind.arg.setting': 'on (activados) u off (desactivados)',

  'help.language.summary': 'El idioma de tus respuestas personales',
  'help.language.text': 'Las respuestas personales a esta cuenta (tu voto, las negativas, `pending`) llegan en este idioma: {languages}, o una variante regional como es-MX. `language default` vuelve al idioma de tu plataforma cuando se lo indica al bot (Discord lo hace); si no, al de la asamblea. Lo que oye una sala va en el idioma de la asamblea (`assembly policy language`).',
  'help.language.examples': 'language es\nlanguage es-MX\nlanguage default',
  'help.language.arg.tag': 'una etiqueta de idioma, o default',

  'help.timezone.summary': 'La zona horaria de las fechas en tus respuestas personales',
  'help.timezone.text': 'Las fechas de las respuestas personales a esta cuenta (los plazos en `pending`, la moción de tu voto) se muestran en esta zona horaria IANA, p. ej. Europe/Madrid, America/Mexico_City, Pacific/Auckland o UTC. `timezone default` vuelve a la de la asamblea. Las salas ven la zona de la asamblea (`assembly policy timezone`).',
  'help.timezone.examples': 'timezone Europe/Madrid\ntimezone America/Mexico_City\ntimezone default',
  'help.timezone.arg.zone': 'una zona horaria IANA, o default',

  'help.audit.verify.summary': 'Comprueba el registro de esta asamblea',
  'help.audit.verify.text': 'Vuelve a comprobar la cadena de hashes de cada evento registrado hasta la cabeza de la asamblea, compara cada moción y sus votos con lo que dice el registro, recuenta cada moción cerrada y compara la cadena con las cabezas que el bot publicó en las salas de esta asamblea (leídas del propio historial de las salas). Informa de todo lo alterado, ausente o mal contado.',

  'help.audit.export.summary': 'Descarga el registro de esta asamblea (o sus resultados en CSV)',
  'help.audit.export.text': 'Envía el registro como líneas JSON: cada evento, moción, resultado y los votos de las mociones cerradas (las votaciones secretas, sin votantes). Los hashes permiten a cualquiera volver a comprobar la cadena con sus propias herramientas; `audit verify` lo hace aquí. Con --format csv: los resultados de cada moción, una fila por moción, para una hoja de cálculo (solo recuentos, nunca votantes; una moción en detalle: `motion csv`).',
  'help.audit.export.examples': 'audit export\naudit export --format csv',
  'help.audit.export.arg.format': 'jsonl (el registro, por defecto) o csv (los resultados de cada moción)',

  'help.audit.checkpoint.summary': 'Publica la cabeza actual del registro en las salas de esta asamblea',
  'help.audit.checkpoint.text': 'Publica la cabeza de la cadena de la asamblea (número de evento y hash) en cada sala vinculada a ella, para que el historial de chat de los miembros dé fe del registro hasta ahora; los resultados también la publican. Cada cabeza se publica una vez.',

  'help.web.summary': 'Obtén tu enlace personal a las páginas web de esta asamblea',
  'help.web.text': 'Te responde solo a ti con un enlace a las páginas web de la asamblea (mociones, recuentos, delegados, el mapa de la federación, propuestas, el registro). El enlace funciona unas horas y solo mientras seas miembro; no lo compartas. Las asambleas eligen quién ve sus páginas con `assembly policy web-visibility public|members|off`.',

  'help.federation.create.summary': 'Funda una federación; esta sala pasa a ser su asamblea de delegados',
  'help.federation.create.text': 'Crea una federación con un nombre y un propósito, y su primera asamblea de delegados vinculada a esta sala. Sus miembros serán los delegados que elijan las asambleas que se unan. Al fundarla puedes emitir las primeras invitaciones.',
  'help.federation.create.examples': 'federation create "Transporte del Valle" --purpose "Autobuses compartidos entre nuestros pueblos"',
  'help.federation.create.arg.name': 'el nombre de la federación',
  'help.federation.create.arg.purpose': 'para qué es la federación',

  'help.federation.assembly.summary': 'Crea otra asamblea de delegados en una federación (un nivel intermedio)',
  'help.federation.assembly.text': 'Vincula esta sala a una nueva asamblea de delegados en la federación (una persona facilitadora de su asamblea superior, o quien la fundó, da su consentimiento al ejecutarla). Las asambleas locales se unen a ella con sus invitaciones; cuando tiene delegados, se une a su propia asamblea madre con su propia moción de adhesión.',
  'help.federation.assembly.arg.name': 'el nombre de la asamblea',

  'help.federation.invite.summary': 'Emite un código de invitación para que una asamblea se una (quien facilita o fundó)',
  'help.federation.invite.text': 'El consentimiento de la asamblea madre a una adhesión: un código de un solo uso. La asamblea que se une aprueba una moción federation-join que lo nombra; solo entonces es miembro. Con --remote: una línea para una asamblea de otro despliegue de Plenary (lleva el id de este despliegue, su cuenta de bot y su clave junto al código).',
  'help.federation.invite.arg.hours': 'cuánto tiempo vale el código (por defecto 168)',
  'help.federation.invite.arg.remote': 'para una asamblea de otro despliegue de Plenary',

  'help.federation.join.summary': 'Propón que esta asamblea se una a una federación (con un código de invitación)',
  'help.federation.join.text': 'Presenta una moción federation-join en esta asamblea. Federarse es voluntario: la asamblea solo se une si sus miembros votan a favor.',
  'help.federation.join.arg.code': 'el código de invitación de la asamblea madre',

  'help.federation.leave.summary': 'Propón que esta asamblea deje una federación',
  'help.federation.leave.text': 'Presenta una moción federation-leave. Salir solo necesita el voto de esta asamblea; sus delegados pierden sus puestos y accesos cuando se aprueba.',
  'help.federation.leave.arg.federation': 'la federación que se deja',

  'help.federation.show.summary': 'Muestra las federaciones de esta asamblea, o una federación como árbol',
  'help.federation.show.text': 'Sin nombre: las federaciones a las que pertenece esta asamblea, con su asamblea madre y sus puestos en cada una. Con un nombre: el árbol entero con los delegados de cada asamblea.',
  'help.federation.show.arg.federation': 'una federación',

  'help.access.status.summary': 'Cambios de acceso de delegados a salas sin completar, y salas que rechazan al bot',
  'help.access.status.text': 'Conceder y retirar el acceso de los delegados a sus salas se hace en segundo plano y se reintenta hasta que sale bien. Esto lista los cambios que fallan ahora mismo y por qué (a menudo falta un permiso del bot que una persona facilitadora puede arreglar), y las salas de esta asamblea que rechazan los mensajes del bot (borradas, o sin sus permisos).',

  'help.seats.summary': 'Los puestos de delegados de esta asamblea en cada federación',
  'help.seats.text': 'Para cada federación: la asamblea madre, los puestos que esta asamblea tiene allí, quién los ocupa y las candidaturas abiertas.',

  'help.nominate.summary': 'Propón a un miembro (o a ti) como delegado o para una comisión',
  'help.nominate.text': 'Propone a un miembro de esta asamblea para sus puestos en una federación o (en una asamblea local) para los puestos de una de sus comisiones. Si te propones a ti, cuenta como aceptada; cualquier otra persona debe aceptar con `nomination accept` antes de poder figurar en una papeleta: nadie sale elegido sin consentirlo.',
  'help.nominate.arg.federation': 'la federación (o una comisión de esta asamblea)',
  'help.nominate.arg.person': 'a quién (por defecto: a ti)',

  'help.nomination.accept.summary': 'Acepta tu candidatura como delegado o para una comisión',
  'help.nomination.accept.text': 'Una persona propuesta solo se presenta (entra en la próxima papeleta) después de aceptar.',
  'help.nomination.accept.arg.federation': 'la federación (o una comisión de esta asamblea)',

  'help.nomination.withdraw.summary': 'Retira tu candidatura como delegado o para una comisión',
  'help.nomination.withdraw.text': 'Te retira antes de que se convoque la elección, hayas aceptado o no; pueden volver a proponerte más tarde.',
  'help.nomination.withdraw.arg.federation': 'la federación (o una comisión de esta asamblea)',

  'help.election.call.summary': 'Convoca la elección de delegados (o de una comisión) para los puestos vacantes',
  'help.election.call.text': 'Presenta una moción de elección con las candidaturas aceptadas y «Reabrir candidaturas», contada por segunda vuelta instantánea (un puesto) o VUT (varios). Quienes ganan ocupan sus puestos en cuanto se cierra. Una papeleta admite hasta 35 candidaturas, menos si la asamblea pone un tope (ajuste election-candidates): entran las primeras en aceptar y las demás siguen propuestas; --candidates, en cambio, hace una lista corta de candidaturas aceptadas por nombre. Nombrar una comisión de esta asamblea local elige sus puestos vacantes del mismo modo (como `committee elect`).',
  'help.election.call.arg.federation': 'la federación (o una comisión de esta asamblea)',
  'help.election.call.arg.term-days': 'duración del mandato en días (opcional)',

  'help.recall.summary': 'Propón revocar a un delegado de esta asamblea',
  'help.recall.text': 'Cualquier miembro puede proponer una revocación en cualquier momento. Cuando se aprueba, el delegado pierde enseguida el puesto, el voto arriba y el acceso a la sala de delegados; sus votos en las mociones abiertas de allí dejan de contar y se abre una elección parcial.',
  'help.recall.arg.person': 'el delegado',

  'help.delegate.record.summary': 'Cómo ha votado arriba un delegado',
  'help.delegate.record.text': 'Lista cómo votó un delegado de esta asamblea en la asamblea de delegados, indicando si cada voto siguió el mandato de esta asamblea. Las votaciones secretas de arriba solo muestran que se emitió un voto: nunca la elección, ni si siguió un mandato (eso revelaría la elección).',
  'help.delegate.record.arg.person': 'el delegado',

  'help.mandate.summary': 'Propón un mandato: cómo deben votar nuestros delegados una moción de arriba',
  'help.mandate.text': 'Presenta una moción de mandato que nombra una moción de la asamblea de delegados (Nombre#12) y el voto esperado. Los informes de los votos de tus delegados dicen entonces si lo siguieron.',
  'help.mandate.examples': 'mandate "Delegados de Transporte del Valle#3" no',
  'help.mandate.arg.motion': 'la moción de arriba, como Nombre#12',
  'help.mandate.arg.vote': 'yes (sí), no o abstain (abstención)',

  'help.circle.create.summary': 'Convierte este canal, hilo o sala en un círculo de una asamblea local',
  'help.circle.create.text': 'Un círculo (un lugar de trabajo, un barrio) decide sus propios asuntos cotidianos; sus miembros son miembros de la asamblea local que se unen a él (y dejan de serlo cuando salen). Lo crea una persona facilitadora de la asamblea local. Puede enviar mociones al orden del día de la asamblea local.',
  'help.circle.create.arg.name': 'el nombre del círculo',
  'help.circle.create.arg.assembly': 'la asamblea local a la que pertenece',

  'help.circle.forward.summary': 'Propón que el texto de una moción pase al orden del día de la asamblea local',
  'help.circle.forward.text': 'En un círculo: presenta una moción de envío; si el círculo la aprueba, el texto pasa a ser una moción de la asamblea local, bajo sus propias reglas.',
  'help.circle.forward.arg.motion': 'la moción del círculo cuyo texto se envía',

  'help.proposal.draft.summary': 'Propón emitir una propuesta a todas las asambleas miembro de abajo',
  'help.proposal.draft.text': 'En una asamblea de delegados: presenta una moción proposal-draft. Si se aprueba, la versión 1 baja por la federación: cada asamblea miembro vota aceptarla o rechazarla (o pide una enmienda) según sus propias reglas, y se adopta —obligando solo a quienes la aceptan— cuando se cumple la regla. Reglas: un número de asambleas locales (10), una proporción de las afectadas (60%) o los miembros cubiertos (members:500). --agenda N retoma un texto enviado desde abajo.',
  'help.proposal.draft.examples': 'proposal draft "Red de bicicletas compartidas" --text "…" --rule 60% --deadline 30\nproposal draft --agenda 4 --rule 10',
  'help.proposal.draft.arg.text': 'el texto completo de la propuesta',
  'help.proposal.draft.arg.rule': 'regla de adopción: 10, 60% o members:500',
  'help.proposal.draft.arg.deadline': 'días hasta que caduca',
  'help.proposal.draft.arg.agenda': 'un punto del orden del día enviado desde abajo',

  'help.proposal.amend.summary': 'Propón una nueva versión de una propuesta que redactó esta asamblea',
  'help.proposal.amend.text': 'En la asamblea redactora: presenta una moción para emitir la siguiente versión (p. ej. tras peticiones de enmienda). Si se aprueba, la nueva versión sustituye a la anterior en todas partes: las votaciones abiertas sobre la anterior se cierran, a cada asamblea se le ofrece la nueva con lo que cambió, y la adopción empieza de cero.',
  'help.proposal.amend.arg.text': 'el nuevo texto completo',
  'help.proposal.amend.arg.title': 'un título nuevo (por defecto: sin cambios)',
  'help.proposal.amend.arg.note': 'qué cambió, en una línea',

  'help.proposal.withdraw.summary': 'Propón retirar una propuesta que redactó esta asamblea',
  'help.proposal.withdraw.text': 'En la asamblea redactora: presenta una moción que, si se aprueba, pone fin a la propuesta en todas partes (las votaciones abiertas sobre ella se cierran; las decisiones tomadas quedan en el registro).',

  'help.proposal.respond.summary': 'Propón responder a una propuesta de arriba: aceptar, rechazar (con motivos) o pedir enmienda',
  'help.proposal.respond.text': 'Cada asamblea a la que se remite ya tiene una moción para aceptarla (vota sí o no en ella). Esto presenta otra moción de respuesta: reject con --text dando los motivos, que suben; amend con --text diciendo qué cambiar, que llega a la asamblea redactora agrupada con otras peticiones; o accept. Decide la última moción de respuesta que se apruebe.',
  'help.proposal.respond.arg.response': 'accept (aceptar), reject (rechazar) o amend (enmendar)',
  'help.proposal.respond.arg.text': 'los motivos (reject) o el cambio que se pide (amend)',

  'help.proposal.forward.summary': 'Propón enviar un texto de propuesta a la asamblea madre en una federación',
  'help.proposal.forward.text': 'En una asamblea local o un círculo miembro de una federación: presenta una moción de envío; si se aprueba, el texto pasa al orden del día de su asamblea de delegados madre, cuyos delegados pueden retomarlo como nueva propuesta (`proposal draft --agenda N`).',
  'help.proposal.forward.arg.text': 'el texto de la propuesta',

  'help.proposal.show.summary': 'El texto de una propuesta, su regla de adopción y qué cambió',
  'help.proposal.show.text': 'Muestra una versión (por defecto, la actual) completa, con el cambio respecto a la anterior.',
  'help.proposal.show.arg.version': 'qué versión',

  'help.proposal.status.summary': 'En qué punto está una propuesta: recuentos del árbol entero y por nivel',
  'help.proposal.status.text': 'El árbol de envío de la versión actual: asambleas locales que aceptaron / rechazaron / pidieron enmienda / están pendientes y los miembros que cubren, para todo el ámbito y por nivel, los miembros de la asamblea redactora, las peticiones de enmienda agrupadas y los rechazos con sus motivos.',

  'help.proposal.path.summary': 'Dónde está la decisión de esta asamblea en los informes a una asamblea madre de otro despliegue',
  'help.proposal.path.text': 'Para una propuesta llegada de una asamblea madre de otro despliegue a través de una asamblea de delegados: la decisión de esta asamblea como hoja del árbol de Merkle de los informes de ese subárbol, con su camino de auditoría y su raíz, comprobados aquí. Compara la raíz con la que contó la asamblea madre.',
  'help.proposal.list.summary': 'Las propuestas de esta asamblea: las ofrecidas, las redactadas y su orden del día',
  'help.proposal.list.text': 'Lista las propuestas ofrecidas a esta asamblea (con su decisión), las que redactó y los textos que le enviaron desde abajo.',

  'help.law.list.summary': 'Las leyes de esta asamblea local',
  'help.law.list.text': 'El libro de leyes: cada resolución que aprobó esta asamblea local y cada propuesta de federación que aceptó y fue adoptada, numeradas, vigentes hasta que una moción suya las derogue (--all lista también las derogadas). Las leyes solo cambian por mociones de esta asamblea: `motion propose … --kind amend-law --law N --body "texto nuevo"`, `--kind repeal-law --law N`.',
  'help.law.list.arg.all': 'también las leyes derogadas',

  'help.law.show.summary': 'Una ley: su texto, cómo se aprobó, sus versiones y lo que se guarda bajo ella',
  'help.law.show.text': 'Muestra una ley de esta asamblea local (o Pueblo#3 para la de otra): su texto vigente, la moción que la aprobó o la propuesta de federación de la que viene, cada enmienda con lo que cambió, su derogación y lo que se guarda bajo ella (decisiones de círculos anuladas).',
  'help.law.show.arg.law': 'el número de la ley, p. ej. 3',

  'help.committee.room.summary': 'Convierte este canal, hilo o sala en la sala de una comisión',
  'help.committee.room.text': 'Una persona facilitadora de la asamblea local da una sala a una comisión que esta creó; el acceso sigue a los puestos de la comisión (se concede al salir elegido y se retira con la revocación, el fin de la comisión o el fin del mandato).',

  'help.committee.elect.summary': 'Propón la elección de los puestos vacantes de una comisión',
  'help.committee.elect.text': 'En la asamblea local: presenta una elección por orden de preferencia (segunda vuelta instantánea para un puesto, VUT para varios) entre las candidaturas aceptadas, como para los delegados: los miembros se proponen con `nominate COMISIÓN --person NOMBRE` (o se proponen a sí mismos), y cada uno se presenta solo tras `nomination accept COMISIÓN`; --candidates hace una lista corta de candidaturas aceptadas por nombre. Quienes ganan ocupan sus puestos, y el acceso a la sala de la comisión, cuando se cierra.',

  'help.committee.recall.summary': 'Propón revocar a un miembro de una comisión',
  'help.committee.recall.text': 'Cualquier miembro de la asamblea local puede proponerlo en cualquier momento; cuando se aprueba, el puesto de la persona, sus votos en las mociones abiertas de la comisión y su acceso a la sala terminan enseguida.',
  'help.committee.recall.arg.person': 'el miembro de la comisión',

  'help.committee.report.summary': 'Informa a la asamblea local (miembros de la comisión)',
  'help.committee.report.text': 'En la sala de una comisión: el informe se anuncia en las salas de la asamblea local y se guarda en su libro de leyes bajo las leyes que la comisión ejecuta.',
  'help.committee.report.arg.text': 'el informe',

  'help.committee.ask.summary': 'Propón que la comisión pida a su asamblea local que decida',
  'help.committee.ask.text': 'En la sala de una comisión: presenta una moción de envío; si la comisión la aprueba, su texto pasa a ser una moción del orden del día de la asamblea local, bajo las reglas de esa asamblea (una comisión no decide nada por ella).',
  'help.committee.ask.arg.title': 'qué decidir',

  'help.committee.show.summary': 'Una comisión: su mandato, leyes, puestos, miembros y duración',
  'help.committee.show.text': 'Muestra una comisión de esta asamblea local (o, en la sala de una comisión, esa).',
} satisfies { readonly [K in keyof typeof enHelp]: string };
